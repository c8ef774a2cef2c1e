/**
 * The main process when `CERTPLANE_API_PROCESSES` > 1 (roles `api` and `all`): everything it does with
 * one process except serving HTTP (migrations, the first-start organization and its printed token, the
 * job worker of `all`), then the HTTP workers, forked once the database is migrated.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import { assertPortFree, startApp, type Role } from '../app.js';
import { assertDataDirFree } from '../db/embedded-postgres.js';
import { bootstrapFirstOrganization, firstStartBanner } from '../bootstrap.js';
import type { Logger } from '../logger.js';
import { exitOnSignal } from '../shutdown.js';
import { startApiCluster } from './api-cluster.js';

export async function runClusterPrimary(config: Config, role: Role, log: Logger): Promise<void> {
  // The workers listen, but a taken port is told here, in one line, before anything starts.
  if (!config.databaseUrl) assertDataDirFree(path.join(config.dataDir, 'pg'));
  if (config.port !== 0) await assertPortFree(config.host, config.port);
  const starting = (async () => {
    const app = await startApp(config, role, { log, http: false });
    const first = await bootstrapFirstOrganization(app.ctx.db);
    const workers = startApiCluster({
      processes: config.apiProcesses,
      // Workers are `api` processes on this database (embedded or not); both are set, as for `npm run api`.
      env: { DATABASE_URL: app.databaseUrl, CERTPLANE_MASTER_KEY: config.masterKey.toString('base64') },
      log,
    });
    return { app, first, workers };
  })();
  const stop = async () => {
    const { app, workers } = await starting;
    await workers.stop();
    await app.stop();
  };
  // From the start (a signal while starting stops what started, once started). Workers get 15 s to
  // drain, then are killed at 20 s; the rest of the primary stops after them.
  exitOnSignal(log, stop, 30_000);
  const { first, workers } = await starting;
  let url: string;
  try {
    url = await workers.ready;
  } catch (err) {
    log.error('stopping: the API did not start', { error: String(err) });
    await stop();
    process.exit(1);
  }
  log.info('GraphQL API listening', { url: `${url}/graphql`, dashboard: `${url}/`, playground: `${url}/playground`, processes: config.apiProcesses });
  if (first) process.stdout.write(firstStartBanner(first, url));
}
