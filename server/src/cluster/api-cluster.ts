/**
 * The primary side of `CERTPLANE_API_PROCESSES` > 1: forks that many HTTP workers (node:cluster; they
 * share the listening port, connections are handed out round-robin by this process), re-forks one that
 * dies, and stops them all on request.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.js';
import { isListeningMessage } from './http-worker.js';
import { nextRestart } from './restart-backoff.js';

export interface ApiClusterOptions {
  /** How many HTTP workers. */
  processes: number;
  /** Added to each worker's environment (the database the primary migrated, the master key). */
  env: Record<string, string>;
  log: Logger;
  /** How long a worker may take to stop after SIGTERM before it is SIGKILLed (default 20 s). */
  killAfterMs?: number;
  now?: () => number;
}

export interface ApiCluster {
  /** The URL (http://host:port) once every worker listens; rejects if a worker exits before that. */
  ready: Promise<string>;
  /** SIGTERMs every worker (each drains its connections) and resolves when all have exited. */
  stop(): Promise<void>;
}

interface Slot {
  worker?: Worker;
  /** The CERTPLANE_PORT the worker was forked with; undefined = the primary's own. */
  port?: string;
  startedAt: number;
  listening: boolean;
  failures: number;
  restart?: NodeJS.Timeout;
}

export function startApiCluster(opts: ApiClusterOptions): ApiCluster {
  const { log } = opts;
  const now = opts.now ?? Date.now;
  const slots: Slot[] = Array.from({ length: opts.processes }, () => ({ startedAt: 0, listening: false, failures: 0 }));
  // node:cluster shares one listening socket among the workers that listen with the same host and port
  // arguments. With CERTPLANE_PORT=0, the first listen picks a port and the others share it. A re-fork
  // listens like a worker still listening (same socket); when none is, on the port picked first.
  let url: string | undefined;
  let started = false;
  let stopping = false;
  let resolveReady!: (url: string) => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<string>((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));

  const fork = (slot: Slot) => {
    const peer = slots.find((s) => s.listening);
    const port = peer ? peer.port : url && new URL(url).port;
    const worker = cluster.fork({ ...opts.env, ...(port ? { CERTPLANE_PORT: port } : {}) });
    Object.assign(slot, { worker, port, startedAt: now(), listening: false });
    worker.on('message', (msg: unknown) => {
      if (!isListeningMessage(msg) || slot.worker !== worker) return;
      slot.listening = true;
      if (url && msg.url !== url) log.error('HTTP worker listens on another port than the first (every worker had died)', { worker: worker.id, url: msg.url, first: url });
      url ??= msg.url;
      if (!started && slots.every((s) => s.listening)) {
        started = true;
        resolveReady(url);
      }
    });
    worker.on('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    slot.listening = false;
    const fields = { worker: worker.id, workerPid: worker.process.pid, code, signal };
    if (stopping) return log.info('HTTP worker stopped', fields);
    if (!started) {
      log.error('HTTP worker exited during start-up', fields);
      rejectReady(new Error(`HTTP worker ${worker.id} exited during start-up (${code ?? signal})`));
      return;
    }
    const next = nextRestart(slot.failures, now() - slot.startedAt);
    slot.failures = next.failures;
    log.error('HTTP worker exited unexpectedly; forking a new one', { ...fields, restartInMs: next.delayMs });
    slot.restart = setTimeout(() => {
      slot.restart = undefined;
      if (!stopping) fork(slot);
    }, next.delayMs);
  };

  for (const slot of slots) fork(slot);

  return {
    ready,
    async stop() {
      stopping = true;
      const workers = slots.map((s) => (clearTimeout(s.restart), s.worker)).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => w.process.kill('SIGKILL'), opts.killAfterMs ?? 20_000);
              w.once('exit', () => (clearTimeout(kill), resolve()));
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
