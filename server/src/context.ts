import type { DataSource } from 'typeorm';
import type { SessionLocks } from './db/session-lock.js';
import type { Config } from './config.js';
import type { DnsProvider } from './dns/dns-provider.js';
import type { Logger } from './logger.js';
import type { SecretBox } from './security/secret-box.js';

/** What every service, task and resolver is handed: no globals, clock and logger injected. */
export interface AppContext {
  db: DataSource;
  /** The same database, for components that need connections of their own (locks, LISTEN). */
  databaseUrl: string;
  /** Advisory locks on sessions of their own (one runner per order, one writer per DNS record). */
  locks: SessionLocks;
  config: Config;
  box: SecretBox;
  log: Logger;
  now: () => Date;
  /** null when CERTPLANE_DNS_PROVIDER=none: DNS-01 orders then fail with a reason saying so. */
  dnsProvider: DnsProvider | null;
  /** Resolvers used for DNS checks and propagation checks (`ip[:port]`). */
  resolvers: string[];
  /** Told when an order took a spare key (the worker's jobs have it: it tops the pool up soon after). */
  spareKeyTaken?: () => void;
  /** Told when a job was queued to run shortly (jobs/wake-up.ts: the worker wakes then, not at its next poll). */
  jobDue?: (runAt: Date) => void;
}
