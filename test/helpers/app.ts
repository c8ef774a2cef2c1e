import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { startApp, type RunningApp, type Role } from '../../server/src/app.js';
import { createOrganization } from '../../server/src/bootstrap.js';
import { createOperatorToken } from '../../server/src/auth/operator-tokens.js';
import { createLogger, silentLogger, type Logger } from '../../server/src/logger.js';
import { createTestDatabase } from './postgres.js';
import { pdnsApi } from './pdns.js';
import { localStackEnv } from './local-stack.js';

/** The environment a control plane needs to issue from the suite's Pebble through its PowerDNS. */
export function testEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    CERTPLANE_MASTER_KEY: randomBytes(32).toString('base64'),
    CERTPLANE_PORT: '0',
    ...localStackEnv({ pdns: inject('pdns'), pebble: inject('pebble') }),
    CERTPLANE_PLATFORM_TARGETS: '127.0.0.1',
    CERTPLANE_DNS_CHECK_INTERVAL: '1',
    CERTPLANE_DNS_PROPAGATION_TIMEOUT: '20',
    CERTPLANE_WORKER_POLL_INTERVAL: '100',
    CERTPLANE_WORKER_CONCURRENCY: '8',
    // No spare keys made in the background (CPU the other tests need); a test that wants a pool sets it.
    CERTPLANE_SPARE_KEYS: '0',
    ...extra,
  };
}

export interface TestApp {
  app: RunningApp;
  url: string;
  env: Record<string, string>;
  /** Admin token of a fresh organization. */
  token: string;
  organizationId: string;
  /** A unique zone for this app, served by the suite's PowerDNS. */
  zone: string;
  dns: ReturnType<typeof pdnsApi>;
  newOrganization(name: string, scopes?: string[], plan?: string): Promise<{ organizationId: string; token: string }>;
  /** Mints a platform-operator credential. */
  operatorToken(): Promise<string>;
  stop(): Promise<void>;
}

/** A control plane on a new database, in this process, with a zone of its own in PowerDNS. */
export async function startTestApp(opts: { role?: Role; env?: Record<string, string>; databaseUrl?: string; log?: Logger } = {}): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const env = testEnv(databaseUrl, opts.env);
  const app = await startApp(loadConfig(env), opts.role ?? 'all', { log: opts.log ?? (process.env.TEST_LOG ? createLogger() : silentLogger) });
  const org = await createOrganization(app.ctx.db, 'test-org');
  const pdns = inject('pdns');
  const dns = pdnsApi(pdns.apiUrl, pdns.apiKey);
  const zone = `z${randomBytes(4).toString('hex')}.test`;
  await dns.createZone(zone);
  return {
    app,
    url: app.http?.url ?? '',
    env,
    token: org.token,
    organizationId: org.organizationId,
    zone,
    dns,
    newOrganization: (name, scopes, plan = 'unlimited') => createOrganization(app.ctx.db, name, plan, scopes),
    operatorToken: () => app.ctx.db.transaction(async (m) => (await createOperatorToken(m, 'test operator')).token),
    stop: () => app.stop(),
  };
}
