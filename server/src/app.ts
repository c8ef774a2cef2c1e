import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/data-source.js';
import { SessionLocks } from './db/session-lock.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './db/embedded-postgres.js';
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

export type Role = 'all' | 'api' | 'worker';

export interface RunningApp {
  ctx: AppContext;
  databaseUrl: string;
  http?: RunningHttpServer;
  worker?: RunningWorker;
  bus?: EventBus;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  log?: Logger;
  now?: () => Date;
  /** Serve GraphQL over HTTP (default: unless role is `worker`); false in a cluster primary, whose workers serve. */
  http?: boolean;
  /** Apply the schema's and the job queue's migrations (default true); false in cluster HTTP workers (their primary did). */
  migrate?: boolean;
}

/** Start-up: config -> database (embedded unless DATABASE_URL) -> migrations -> worker and/or HTTP. */
export async function startApp(config: Config, role: Role, opts: StartAppOptions = {}): Promise<RunningApp> {
  const log = opts.log ?? createLogger({ base: { role } });
  const serveHttp = opts.http ?? role !== 'worker';
  const migrate = opts.migrate ?? true;
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), port: 0, log: () => undefined });
    databaseUrl = await embedded.createDatabase('certplane');
    log.info('embedded Postgres started', { dataDir: path.join(config.dataDir, 'pg'), port: embedded.port });
  }
  // A running order job holds one connection for its lock and uses another for its queries.
  const db: DataSource = await openDatabase(databaseUrl, (role === 'api' ? 0 : config.worker.concurrency * 2) + (role === 'worker' ? 5 : 20), { migrate });
  if (migrate) await migrateJobQueue(databaseUrl, log);
  configureAcmeHttps(config.acme.caCertsPath);
  const ctx: AppContext = {
    db,
    databaseUrl,
    locks: new SessionLocks(databaseUrl, config.worker.concurrency * 2 + 2),
    config,
    box: createSecretBox(config.masterKey),
    log,
    now: opts.now ?? (() => new Date()),
    dnsProvider: createDnsProvider({ provider: config.dns.provider, powerdns: config.dns.powerdns }),
    resolvers: config.dns.resolvers ?? systemResolvers(),
  };
  const running: RunningApp = { ctx, databaseUrl, stop: async () => undefined };
  if (role !== 'api') running.worker = await startWorker(ctx, databaseUrl);
  if (serveHttp) {
    configureListCache(db, config.listCacheRows);
    running.bus = await createEventBus(databaseUrl, { log: (m) => log.warn(m) });
    running.http = await startHttpServer(ctx, await createSchema(), running.bus);
  }
  running.stop = async () => {
    await running.http?.close().catch((e) => log.error('http close', { error: String(e) }));
    await running.bus?.close();
    await running.worker?.stop().catch((e) => log.error('worker stop', { error: String(e) }));
    await ctx.locks.close();
    await db.destroy();
    await embedded?.stop();
  };
  return running;
}
