import { resolve } from "node:path";
import { defineConfig } from "vite";

/** `npm run dev:web`: hot reload against the local runtime (VITE_API_URL, default http://localhost:3000). */
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // the panel, and the API reference page over the /openapi.json the build writes into public/
    rollupOptions: {
      input: {
        panel: resolve(import.meta.dirname, "index.html"),
        reference: resolve(import.meta.dirname, "api-reference.html"),
      },
    },
  },
  server: { port: 5173 },
});
