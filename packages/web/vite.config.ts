import { defineConfig } from "vite";

/** `npm run dev:web`: hot reload against the local runtime (VITE_API_URL, default http://localhost:3000). */
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { port: 5173 },
});
