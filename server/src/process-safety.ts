import type { Logger } from './logger.js';

/** Errors that mean "the database went away for a while", which every component recovers from. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e?.code ?? '') ||
    /Connection terminated|terminating connection|Client has encountered a connection error/i.test(e?.message ?? '')
  );
}

/**
 * graphile-worker 0.17.3 marks a failed job without awaiting the query, so a Postgres restart while
 * a job fails surfaces as an unhandled rejection, which would kill the process. Those are logged and
 * survived (the job stays locked; stale-order recovery re-queues orders); anything else still exits,
 * as Node would.
 */
export function installProcessSafetyNet(log: Logger): void {
  process.on('unhandledRejection', (err) => {
    if (isConnectionError(err)) {
      log.warn('database connection lost in the background; continuing', { error: String(err) });
      return;
    }
    log.error('unhandled promise rejection; exiting', { error: (err as Error)?.stack ?? String(err) });
    process.exit(1);
  });
}
