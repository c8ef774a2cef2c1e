import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line written while handling one request carries (its `reqId`), whatever logger
 * writes it: set by http/request-id.ts around the request, read by the logger (logger.ts).
 */
const store = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn` (and everything it starts) with `fields` added to each log line. */
export function runWithLogFields<T>(fields: Record<string, unknown>, fn: () => T): T {
  return store.run(fields, fn);
}

/** The fields of the request being handled, if any. */
export function currentLogFields(): Record<string, unknown> | undefined {
  return store.getStore();
}
