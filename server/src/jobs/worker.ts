import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, runMigrations, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { Logger } from '../logger.js';
import { createPgPool } from '../db/pool.js';
import type { AppContext } from '../context.js';
import { createAcmeOrderTask } from './tasks/acme-order.js';
import { createCheckDomainDnsTask } from './tasks/check-domain-dns.js';
import { createDnsCleanupTask } from './tasks/dns-cleanup.js';
import { createRenewalScanTask } from './tasks/renewal-scan.js';
import { createExpirySweepTask } from './tasks/expiry-sweep.js';
import { createCheckZoneTask } from './tasks/check-zone.js';
import { recoverStaleOrders } from './recover-stale-orders.js';
import { compactOrganizationCounts } from '../db/organization-counts.js';
import { pruneLedger } from '../certificates/acme-ledger.js';
import { forgetWorkers, heartbeat, unlockDeadWorkers } from './dead-workers.js';
import { createSpareKeyRefill } from './spare-key-refill.js';
import { createWakeUps } from './wake-up.js';

export function createTaskList(ctx: AppContext): TaskList {
  return {
    acme_order: createAcmeOrderTask(ctx),
    check_domain_dns: createCheckDomainDnsTask(ctx),
    dns_cleanup: createDnsCleanupTask(ctx),
    renewal_scan: createRenewalScanTask(ctx),
    expiry_sweep: createExpirySweepTask(ctx),
    check_zone: createCheckZoneTask(ctx),
  };
}

/** Renewal scan and expiry sweep every 10 minutes; a missed run (worker down) runs once on start-up. */
export const CRONTAB = '*/10 * * * * renewal_scan ?fill=1h&jobKey=renewal_scan\n*/10 * * * * expiry_sweep ?fill=1h&jobKey=expiry_sweep\n';

/** Creates graphile-worker's schema; API processes call it too, since they enqueue jobs. */
export async function migrateJobQueue(connectionString: string, log: Logger): Promise<void> {
  await runMigrations({ connectionString, logger: workerLogger(log) });
}

/** graphile-worker's log lines, through our logger (its default writes to stdout). */
function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    // Per-job lines ("Completed task ...") are debug lines; job rows in meta are left out (payloads).
    const fields = { component: 'graphile-worker' };
    if (level === 'error') log.error(message, fields);
    else if (level === 'warning') log.warn(message, fields);
    else if (level === 'info' && !/^Completed task/.test(message)) log.info(message, fields);
    else log.debug(message, fields);
  });
}

/** The job worker of a process: graphile-worker's runner, and the spare key pool it keeps filled. */
export interface RunningWorker {
  runner: Runner;
  /** Tops the spare key pool up now (once a refill under way has ended); resolves with the keys made. */
  refillSpareKeys(): Promise<number>;
  /** Stops taking jobs and waits for those running, and for a spare key refill's key in progress. */
  stop(): Promise<void>;
}

export async function startWorker(ctx: AppContext, connectionString: string): Promise<RunningWorker> {
  // graphile-worker's workers of this process, heard of through its events (subscribed before run()).
  const workerIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on('worker:create', ({ worker }) => void workerIds.add(worker.workerId));
  events.on('worker:stop', ({ worker }) => void workerIds.delete(worker.workerId));
  const every = Math.min(60_000, Math.max(1000, ctx.config.worker.staleOrderAfterMs / 2));
  const spareKeys = createSpareKeyRefill(ctx);
  const housekeeping = async () => {
    const failed = (what: string) => (err: unknown) => ctx.log.error(`${what} failed`, { error: String(err) });
    await heartbeat(ctx.db, [...workerIds]).catch(failed('worker heartbeat'));
    // Three rounds without a heartbeat: the process is gone (a live one beats every round).
    const unlocked = await unlockDeadWorkers(ctx.db, 3 * every).catch(failed('dead worker recovery'));
    if (unlocked?.length) ctx.log.warn('unlocked the jobs of workers that stopped (killed process)', { workers: unlocked });
    await recoverStaleOrders(ctx, ctx.config.worker.staleOrderAfterMs).catch(failed('stale order recovery'));
    await compactOrganizationCounts(ctx.db).catch(failed('count compaction'));
    await pruneLedger(ctx.db.manager, ctx.now()).catch(failed('issuance ledger pruning'));
  };
  await housekeeping();
  // Each round also starts a spare key refill, in the background: it may take longer than a round.
  const timer = setInterval(() => void housekeeping().finally(() => spareKeys.start()), every);
  const pgPool = createPgPool(connectionString, ctx.config.worker.concurrency + 4);
  const wakeUps = createWakeUps(ctx.db);
  const runner = await run({
    pgPool,
    concurrency: ctx.config.worker.concurrency,
    pollInterval: ctx.config.worker.pollIntervalMs,
    noHandleSignals: true,
    taskList: createTaskList({ ...ctx, spareKeyTaken: () => spareKeys.soon(), jobDue: (runAt) => wakeUps.at(runAt) }),
    crontab: CRONTAB,
    logger: workerLogger(ctx.log),
    events,
  });
  await heartbeat(ctx.db, [...workerIds]).catch(() => undefined);
  // Liveness, every few seconds (/readyz reads it): a process that stops beating is down.
  const beat = setInterval(() => void heartbeat(ctx.db, [...workerIds]).catch(() => undefined), ctx.config.worker.heartbeatMs);
  spareKeys.start(); // the first refill, once jobs run
  void runner.promise.finally(() => {
    clearInterval(timer);
    wakeUps.stop();
    clearInterval(beat);
    void spareKeys.stop();
    void pgPool.end().catch(() => undefined);
  });
  return {
    runner,
    refillSpareKeys: () => spareKeys.run(),
    async stop() {
      const ids = [...workerIds];
      clearInterval(beat);
      await Promise.all([runner.stop(), spareKeys.stop()]);
      // Stopped on purpose: down at once for /readyz, not three heartbeats later.
      await forgetWorkers(ctx.db, ids).catch(() => undefined);
    },
  };
}
