import type { Server } from "node:http";

/**
 * How the local runtime's HTTP servers close: listening ends and every connection is ended at once,
 * once however often it is asked. Nothing in flight is waited for: by then the work behind it is
 * gone (the environments stopped, or the process "killed"), and a request that never ends must not
 * hold the stop. (`server.close` asked again after closing would wait for a 'close' already past.)
 *
 * @example
 * const close = closeServer(server);
 * await close(); // the port is free, every socket ended
 */
export function closeServer(server: Pick<Server, "close" | "closeAllConnections">): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }));
}
