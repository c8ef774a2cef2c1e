import './production.js';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { startApp, type Role } from './app.js';
import { bootstrapFirstOrganization } from './bootstrap.js';
import { createLogger } from './logger.js';
import { installProcessSafetyNet } from './process-safety.js';

const ROLES: Role[] = ['all', 'api', 'worker'];

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
  const log = createLogger({ base: { role } });
  installProcessSafetyNet(log);
  const app = await startApp(config, role, { log });
  if (role !== 'worker') {
    const first = await bootstrapFirstOrganization(app.ctx.db);
    if (first) {
      process.stdout.write(
        `\nFirst start: created organization "default" (${first.organizationId}).\n` +
          `Its admin API token, shown only this once:\n\n  ${first.token}\n\n` +
          `Use it as "Authorization: Bearer <token>" (playground: ${app.http!.url}/ , Headers tab).\n\n`,
      );
    }
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.ctx.log.info('shutting down', { signal });
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
