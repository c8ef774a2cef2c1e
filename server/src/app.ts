import cluster from 'node:cluster';
import net from 'node:net';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/data-source.js';
import { SessionLocks } from './db/session-lock.js';
import { assertDataDirFree, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './db/embedded-postgres.js';
import { systemResolvers } from './dns/dns-client.js';
import { createDnsProvider } from './dns/registry.js';
import { configureAcmeHttps } from './acme/account.js';
import { createSecretBox } from './security/secret-box.js';
import { createLogger, type Logger } from './logger.js';
import { migrateJobQueue, startWorker, type RunningWorker } from './jobs/worker.js';
import { createEventBus, type EventBus } from './pubsub/listener.js';
import { startHttpServer, type RunningHttpServer } from './http/server.js';
import { createSchema } from '../../schema/build-schema.js';
import { configureListCache } from './db/list-cache.js';
import { StartupError } from './startup-error.js';
import { startChallengeZone, type RunningChallengeZone } from './dns/challenge-zone/index.js';
import { ensurePlatformDomain } from './platform/platform-domain.js';
import { startMetrics, type RunningMetrics } from './metrics/start-metrics.js';

/** `dns` serves the challenge zone only (CERTPLANE_CHALLENGE_DNS_LISTEN); `all` and `worker` serve it too when that is set. */
export type Role = 'all' | 'api' | 'worker' | 'dns';

export interface RunningApp {
  ctx: AppContext;
  databaseUrl: string;
  http?: RunningHttpServer;
  worker?: RunningWorker;
  /** certplane's own challenge zone DNS server, when this process answers it. */
  challengeDns?: RunningChallengeZone;
  bus?: EventBus;
  /** This process's metrics endpoint (CERTPLANE_METRICS_LISTEN). */
  metrics?: RunningMetrics;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  log?: Logger;
  now?: () => Date;
  /** Serve GraphQL over HTTP (default: in the `all` and `api` roles); false in a cluster primary, whose workers serve. */
  http?: boolean;
  /** Apply the schema's and the job queue's migrations (default true); false in cluster HTTP workers (their primary did). */
  migrate?: boolean;
  /** Serve /metrics on CERTPLANE_METRICS_LISTEN when set (default true); false in cluster HTTP workers (their primary serves theirs). */
  metrics?: boolean;
}

/**
 * Start-up: config -> database (embedded unless DATABASE_URL) -> migrations -> worker and/or HTTP.
 * A start that fails part-way stops what it had started (the embedded Postgres above all) before the
 * error goes up; a taken HTTP port is a StartupError, told before the embedded Postgres starts.
 */
export async function startApp(config: Config, role: Role, opts: StartAppOptions = {}): Promise<RunningApp> {
  const log = opts.log ?? createLogger({ level: config.logLevel, base: { role } });
  const serveHttp = opts.http ?? (role === 'all' || role === 'api');
  const serveDns = role !== 'api' && !!config.dns.challengeServer?.listen.length;
  const migrate = opts.migrate ?? true;
  // A second start with the same settings is told about the data dir (it names the holder), then the port.
  if (!config.databaseUrl) assertDataDirFree(path.join(config.dataDir, 'pg'));
  // Not in a cluster's HTTP worker: its primary holds the shared port.
  if (serveHttp && config.port !== 0 && !cluster.isWorker) await assertPortFree(config.host, config.port);
  let embedded: EmbeddedPostgresHandle | undefined;
  let db: DataSource | undefined;
  let locks: SessionLocks | undefined;
  let databaseUrl = config.databaseUrl;
  const running: RunningApp = { ctx: undefined as unknown as AppContext, databaseUrl: '', stop: async () => undefined };
  // In the order the process stops: HTTP first (no new requests), then the job worker, then the challenge zone's DNS, then the database.
  const stop = async () => {
    await running.metrics?.stop().catch((e) => log.error('metrics close', { error: String(e) }));
    if (running.http) {
      await running.http.close().catch((e) => log.error('http close', { error: String(e) }));
      await running.bus?.close();
      log.info('HTTP server stopped');
    }
    if (running.worker) {
      await running.worker.stop().catch((e) => log.error('worker stop', { error: String(e) }));
      log.info('job worker stopped');
    }
    if (running.challengeDns) {
      await running.challengeDns.stop().catch((e) => log.error('challenge zone DNS stop', { error: String(e) }));
      log.info('challenge zone DNS stopped');
    }
    await locks?.close();
    await db?.destroy();
    if (embedded) {
      await embedded.stop();
      log.info('embedded Postgres stopped');
    }
  };
  try {
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), port: 0, log: () => undefined });
      databaseUrl = await embedded.createDatabase('certplane');
      log.info('embedded Postgres started', { dataDir: path.join(config.dataDir, 'pg'), port: embedded.port });
    }
    // A running order job holds one connection for its lock and uses another for its queries.
    db = await openDatabase(databaseUrl, role === 'dns' ? 3 : (role === 'api' ? 0 : config.worker.concurrency * 2) + (role === 'worker' ? 5 : 20), { migrate });
    if (migrate) await migrateJobQueue(databaseUrl, log);
    configureAcmeHttps(config.acme.caCertsPath);
    locks = new SessionLocks(databaseUrl, config.worker.concurrency * 2 + 2);
    const ctx: AppContext = {
      db,
      databaseUrl,
      locks,
      config,
      box: createSecretBox(config.masterKey),
      log,
      now: opts.now ?? (() => new Date()),
      dnsProvider: createDnsProvider({ provider: config.dns.provider, powerdns: config.dns.powerdns, settings: config.dns.settings }),
      resolvers: config.dns.resolvers ?? systemResolvers(),
    };
    running.ctx = ctx;
    running.databaseUrl = databaseUrl;
    // The process that migrates makes the platform's rows and orders its certificate (CERTPLANE_PLATFORM_DOMAIN).
    if (migrate && role !== 'dns') await ensurePlatformDomain(ctx);
    // Before the worker: an order it resumes may be checking a value in the zone.
    if (serveDns) running.challengeDns = await startChallengeZone({ db, databaseUrl, settings: config.dns.challengeServer!, log });
    if (role === 'all' || role === 'worker') running.worker = await startWorker(ctx, databaseUrl);
    if (config.metrics.listen && (opts.metrics ?? true)) {
      running.metrics = await startMetrics(ctx, !!running.worker);
      log.info('metrics listening', { url: running.metrics.url, token: config.metrics.token ? 'required' : 'none' });
    }
    if (serveHttp) {
      configureListCache(db, config.listCacheRows);
      running.bus = await createEventBus(databaseUrl, { log: (m) => log.warn(m) });
      running.http = await startHttpServer(ctx, await createSchema(), running.bus);
    }
  } catch (err) {
    await stop().catch((e) => log.error('stopping after a failed start', { error: String(e) }));
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new StartupError(portTaken(config.host, config.port));
    throw err;
  }
  running.stop = stop;
  return running;
}

const portTaken = (host: string, port: number) =>
  `${host}:${port} is taken (another certplane?): stop what listens there, or set CERTPLANE_PORT (and CERTPLANE_HOST) to a free one`;

/** Fails with a StartupError when host:port cannot be listened on because something already does. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? reject(new StartupError(portTaken(host, port))) : resolve()));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
