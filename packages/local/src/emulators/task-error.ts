export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An error a task answers with (its name is what the state machine's Retry and Catch match). */
export class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
