/**
 * What every command shares: the global --json flag, the client built from the credentials in force,
 * printing (JSON or readable), and turning failures into one line and an exit code.
 */
import type { Command } from 'commander';
import { createClient, type Client } from './client.js';
import { resolveCredentials } from './config.js';
import { ApiError, CliError, EXIT } from './errors.js';

export interface Runtime {
  /** --json was given (anywhere on the command line). */
  json(): boolean;
  /** A client for the endpoint and token in force; no token is an error naming the fix. */
  client(opts?: { tokenRequired?: boolean }): Promise<Client>;
  /** Prints `data` as JSON with --json, else what `readable` returns. */
  print(data: unknown, readable: () => string): void;
  /** A line for a person on stderr (progress, warnings); silent with --json. */
  note(line: string): void;
}

/** The runtime of `program` (its global options are read when a command runs). */
export function createRuntime(program: Command): Runtime {
  const json = () => Boolean(program.opts().json);
  return {
    json,
    async client({ tokenRequired = true } = {}) {
      const creds = await resolveCredentials();
      if (tokenRequired && !creds.token) throw new CliError('no API token: run certplane login, or set CERTPLANE_TOKEN');
      return createClient(creds.endpoint, creds.token);
    },
    print(data, readable) {
      process.stdout.write(json() ? JSON.stringify(data, null, 2) + '\n' : readable() + '\n');
    },
    note(line) {
      if (!json()) process.stderr.write(line + '\n');
    },
  };
}

/** Says why a command failed, in one line on stderr (a JSON object with --json), and returns its exit code. */
export function reportFailure(e: unknown, json: boolean): number {
  const code = e instanceof ApiError ? e.code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (json) process.stderr.write(JSON.stringify({ error: { message, code: code ?? null } }) + '\n');
  else process.stderr.write(`certplane: ${message}${code ? ` (${code})` : ''}\n`);
  if (!(e instanceof ApiError) && !(e instanceof CliError) && process.env.CERTPLANE_DEBUG) console.error(e);
  return EXIT.ERROR;
}

/** Wraps a command's action: a failure is reported and sets exit code 1. */
export function action<A extends unknown[]>(rt: Runtime, fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      process.exitCode = reportFailure(e, rt.json());
    }
  };
}
