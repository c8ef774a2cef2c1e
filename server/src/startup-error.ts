/**
 * Why the process cannot start, told in one line to whoever starts it (main.ts prints the message
 * without a stack trace and exits 1): a data dir in use, a port taken, a path the Postgres user cannot
 * reach. Anything else is a bug and keeps its stack.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
