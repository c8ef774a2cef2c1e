/** The CLI's two kinds of failure, both said in one line and ending with exit code 1. */

/** An error the API answered: its message and `extensions.code` (NOT_FOUND, CONFLICT, ...). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Anything else that stops a command: an unreachable server, no token, a file that cannot be written. */
export class CliError extends Error {}

/** Exit codes: 0 ok, 1 an API or runtime error, 2 a usage error (commander's). */
export const EXIT = { OK: 0, ERROR: 1, USAGE: 2 } as const;
