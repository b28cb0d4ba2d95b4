/** A start-up problem the user can fix; `npm start` prints its message as one line, no stack trace. */
export class StartupError extends Error {
  override name = "StartupError";
}
