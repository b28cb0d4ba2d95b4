import { createServer } from "node:net";
import { StartupError } from "./errors";

/** Resolves if `port` can be bound on `host`, else a StartupError naming the env var to change. */
export function assertPortFree(port: number, host: string, envVar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new StartupError(
          error.code === "EADDRINUSE"
            ? `Port ${port} is already in use (another npm start?). Stop it or set ${envVar}=<free port>.`
            : `Cannot listen on ${host}:${port} (${error.code}). Set ${envVar}=<another port>.`,
        ),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A port the OS says is free right now (for tests and benchmarks). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
