import { releaseEmbeddedPostgresSignals } from './db/embedded-postgres.js';
import type { Logger } from './logger.js';

/**
 * On the first SIGINT or SIGTERM, runs `stop` once and exits 0 (1 when it fails); exits 1 if stopping takes longer than
 * `timeoutMs` (default 15 s). A second signal while stopping is ignored.
 */
export function exitOnSignal(log: Logger, stop: () => Promise<void>, timeoutMs = 15_000): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const timer = setTimeout(() => process.exit(1), timeoutMs);
    timer.unref();
    try {
      await stop();
    } catch (err) {
      log.error('stopping failed', { error: (err as Error)?.stack ?? String(err) });
      process.exit(1);
    }
    log.info('stopped');
    process.exit(0);
  };
  releaseEmbeddedPostgresSignals();
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
