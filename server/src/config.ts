import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LETS_ENCRYPT_LIMITS, type RateLimits } from './certificates/policies.js';
import { KEY_TYPES, type KeyType } from './certificates/status.js';
import type { SpareKeyTargets } from './certificates/spare-keys.js';
import { DNS_PROVIDER_KINDS, findProviderKind } from './dns/registry.js';
import { loadPlans, type Plan } from './plans/plans.js';
import { parseProviderSettings, ProviderSettingsError, providerSettingsFromEnv } from './dns/provider-kind.js';
import { challengeServerFromEnv, type ChallengeServerSettings } from './dns/challenge-zone/settings.js';
import { HostnameError, isAtOrUnder, normalizeHostname } from './domains/hostname.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';

/** Named ACME directories; anything else must be an https URL. */
export const ACME_DIRECTORY_PRESETS: Record<string, string> = {
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
};

/** 'none', 'powerdns', or any kind of dns/registry.ts. */
export type DnsProviderName = string;

export interface Config {
  /** External Postgres (`DATABASE_URL`); undefined = embedded Postgres under `dataDir/pg`. */
  databaseUrl?: string;
  /** `CERTPLANE_DATA_DIR`, default `./.certplane`: embedded Postgres data and the generated master key. */
  dataDir: string;
  /** `CERTPLANE_HOST` (default 127.0.0.1) and `CERTPLANE_PORT` (default 4000). */
  host: string;
  port: number;
  /**
   * `CERTPLANE_API_PROCESSES` (default 1): processes serving HTTP for the `api` and `all` roles. Above 1,
   * the main process forks that many HTTP workers (node:cluster) sharing the port and keeps the rest
   * (migrations, first-start bootstrap, the job worker of `all`). 1 = no cluster. Each process has its
   * own Postgres pool (up to 20 connections) and memory, so more is opt-in.
   */
  apiProcesses: number;
  /**
   * `CERTPLANE_GRAPHQL_COMPILE_AFTER` (default 2): a query document is compiled (graphql-jit) on its
   * n-th execution; earlier ones, and mutations, run on graphql-js. 0 = never compile.
   */
  graphqlCompileAfter: number;
  /**
   * `CERTPLANE_LIST_CACHE_ROWS` (default 5000): rows of list pages each API process keeps in memory and
   * serves again while their organization's data has not changed (server/src/db/list-cache.ts). 0 = off.
   */
  listCacheRows: number;
  /**
   * `CERTPLANE_PLANS`: the plans table (a JSON file path, or the JSON array itself; plans/plans.ts), default
   * CertaDNS's: free, plus, pro, elite, and always `unlimited`.
   */
  plans: Plan[];
  /** `CERTPLANE_DEFAULT_PLAN` (default `free`): the plan of organizations the operator creates without naming one. */
  defaultPlan: string;
  /**
   * `CERTPLANE_LOG_LEVEL` (default `info`): the lowest level logged, one of trace, debug, info, warn, error,
   * silent. JSON lines on stderr (logger.ts); `debug` adds a line per HTTP request.
   */
  logLevel: LogLevel;
  /** Prometheus metrics (server/src/metrics/, README "Metrics and logs"). */
  metrics: {
    /**
     * `CERTPLANE_METRICS_LISTEN` (`host:port`, e.g. `127.0.0.1:9464`; default unset = no metrics endpoint):
     * a listener of its own serving `/metrics`, never the API port. Each process of a role listens on its
     * own (a cluster's primary answers for its HTTP workers).
     */
    listen?: { host: string; port: number };
    /**
     * `CERTPLANE_METRICS_TOKEN` (optional, at least 16 characters): when set, a scrape must send
     * `Authorization: Bearer <token>` (401 otherwise). Unset: the listener's address is the only guard.
     */
    token?: string;
    /** `CERTPLANE_METRICS_REFRESH` seconds between reads of the certificate and queue aggregates (default 20). */
    refreshMs: number;
    /**
     * `CERTPLANE_METRICS_CERTIFICATE_SERIES` (default 100): certificates with series of their own (the ones
     * soonest to expire, and the not-ready ones most recently changed, this many each). 0 = aggregates only.
     */
    perCertificateSeries: number;
  };
  /** `CERTPLANE_MASTER_KEY`: 32 bytes, base64 or hex. Encrypts private keys at rest (AES-256-GCM). */
  masterKey: Buffer;
  acme: {
    /** `CERTPLANE_ACME_DIRECTORY`: `letsencrypt-staging` (default), `letsencrypt`, or a directory URL. */
    directoryUrl: string;
    /** `CERTPLANE_ACME_EMAIL`: account contact (optional). */
    email?: string;
    /** `CERTPLANE_ACME_CA_CERTS`: PEM file of extra roots to trust for the directory's HTTPS (private CAs, Pebble). */
    caCertsPath?: string;
    /** `CERTPLANE_ACME_RATE_LIMITS`: `letsencrypt` (default) holds orders the CA's rate limits would refuse; `off` for CAs without them. */
    rateLimits: RateLimits | null;
    /**
     * `CERTPLANE_ACME_CAA_IDENTITIES`: comma-separated CA domain names a CAA `issue` record must name for
     * the CA to issue (RFC 8659), checked by checkDomain and before every order. Default `letsencrypt.org`
     * for the Let's Encrypt presets, none for other directories (a CAA record restricting issuance is then
     * reported as "CA identity unknown" and does not hold orders). `off` disables the preflight CAA check.
     */
    caaIdentities: string[];
    /** False with `CERTPLANE_ACME_CAA_IDENTITIES=off`: orders are not held for CAA. */
    caaPreflight: boolean;
  };
  dns: {
    /**
     * `CERTPLANE_DNS_PROVIDER`: the operator's default DNS-01 provider: `none`, `powerdns` or any kind of
     * dns/registry.ts (default: `powerdns` when `CERTPLANE_PDNS_API_URL` is set). Credentials an
     * organization or app sets through the API come first.
     */
    provider: DnsProviderName;
    /** Settings of a provider other than PowerDNS: `CERTPLANE_DNS_<PROVIDER>_<SETTING>`, e.g. CERTPLANE_DNS_ROUTE53_ACCESS_KEY_ID. */
    settings?: Record<string, string>;
    /** `CERTPLANE_PDNS_*`; `CERTPLANE_DNS_PROVIDER_TIMEOUT` seconds per provider API call (default 10). */
    powerdns?: { apiUrl: string; apiKey: string; serverId: string; timeoutMs: number };
    /** `CERTPLANE_DNS_RESOLVERS`: comma-separated `ip[:port]` (default: /etc/resolv.conf). */
    resolvers?: string[];
    /** `CERTPLANE_DNS_AUTHORITATIVE_PORT`: port to query authoritative servers on (default 53). */
    authoritativePort: number;
    /** `CERTPLANE_DNS_PROPAGATION_TIMEOUT` seconds before a never-visible TXT record fails the order (default 300). */
    propagationTimeoutMs: number;
    /**
     * certplane serves `CERTPLANE_CHALLENGE_ZONE` itself (`CERTPLANE_CHALLENGE_DNS_LISTEN` and/or
     * `CERTPLANE_CHALLENGE_DNS_NS` set; the `CERTPLANE_CHALLENGE_DNS_*` settings are documented in
     * dns/challenge-zone/settings.ts): challenge values under it are rows in Postgres, answered by the
     * processes with listen addresses. Undefined: the DNS provider hosts the zone, if there is one.
     */
    challengeServer?: ChallengeServerSettings;
  };
  platform: {
    /** `CERTPLANE_PLATFORM_TARGETS`: comma-separated IPs and/or CNAME target hostnames customers point at. */
    targets: string[];
    /** `CERTPLANE_DNS_CHECK_INTERVAL` seconds between DNS checks of a PENDING_DNS domain (default 60). */
    dnsCheckIntervalMs: number;
    /**
     * `CERTPLANE_OWNERSHIP_RECORD` (default `_certplane-ownership`): the label of the hostname ownership TXT
     * record, `<label>.<hostname>` (Fly's `_fly-ownership`).
     */
    ownershipRecordLabel: string;
    /**
     * `CERTPLANE_CHALLENGE_ZONE` (optional): a zone the DNS provider hosts, or certplane serves itself
     * (`dns.challengeServer`), where customers may delegate
     * `_acme-challenge.<hostname>` by CNAME, to a stable, unguessable name per domain (shown in
     * `dnsRequirements.acmeChallenge.target`). Unset: no delegation target is offered.
     */
    challengeZone?: string;
    /**
     * `CERTPLANE_PLATFORM_DOMAIN` (optional, e.g. `apps.example.net`): every app gets the default domain
     * `<app>.<platform domain>` at once, served by one platform certificate `*.<platform domain>` that
     * certplane orders at start through the installation's DNS provider (or that the operator imports);
     * names at or under it are reserved (added to `zones.reserved`). Normalised (lower-case ASCII, no
     * trailing dot); not a wildcard, not a public suffix. Unset: apps have no default domain.
     */
    domain?: string;
  };
  /** Zones an organization proves control of (server/src/zones/). */
  zones: {
    /**
     * `CERTPLANE_RESERVED_ZONES`: comma-separated zones (the platform's own domain, ...); names at or
     * under them are refused for zones, domains and certificate names, always. Default none.
     */
    reserved: string[];
    /**
     * `CERTPLANE_REQUIRE_ZONES` (`true` or `false`, default false): a domain, and every extra name of a
     * certificate, must be under a VERIFIED zone of the organization; names of one zone may then share
     * a certificate. Off: domains need no zone and SANs must be under their domain.
     */
    required: boolean;
    /**
     * `CERTPLANE_PLATFORM_NAMESERVERS`: comma-separated NS host names; a zone whose NS records all name
     * them (on its authoritative servers) is delegated to the platform, which proves control. Default
     * none: zones are proven by their TXT record only.
     */
    platformNameservers: string[];
  };
  worker: {
    /** `CERTPLANE_WORKER_CONCURRENCY` (default 10). */
    concurrency: number;
    /** `CERTPLANE_WORKER_POLL_INTERVAL` ms (default 1000; new jobs are also signalled by LISTEN/NOTIFY). */
    pollIntervalMs: number;
    /**
     * `CERTPLANE_WORKER_HEARTBEAT` seconds between a worker process's heartbeats (default 5): each job
     * worker's row in `worker_heartbeats`. `/readyz` says the worker is down when no heartbeat is younger than
     * three of these; API and worker processes must share the setting.
     */
    heartbeatMs: number;
    /** `CERTPLANE_STALE_ORDER_AFTER` seconds an order may sit still with no runnable job before it is re-queued (default 120; covers killed workers). */
    staleOrderAfterMs: number;
    /** `CERTPLANE_RETRY_BASE_MS`: wait before the second retry within an order, doubled each further retry, jittered +-25%, capped at 10 min (default 10000); the first retry comes after 250-750 ms (certificates/renewal.ts). */
    retryBaseMs: number;
    /** `CERTPLANE_MAX_ORDER_ATTEMPTS`: consecutive retryable failures before an order is given up as FAILED (default 6). */
    maxOrderAttempts: number;
    /**
     * `CERTPLANE_SPARE_KEYS`: private keys the worker keeps made ahead of time per key type, for orders to
     * take, e.g. `RSA_2048=20,ECDSA_P256=20` (default `RSA_2048=10,ECDSA_P256=10`); `0`, `off` or empty = none.
     */
    spareKeys: SpareKeyTargets;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parseKey(raw: string): Buffer | null {
  const s = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  const b = Buffer.from(s, 'base64');
  return b.length === 32 ? b : null;
}

/** Reads the master key from `dataDir/master.key`, creating it on first start (embedded set-up only). */
export function loadOrCreateMasterKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) {
    const key = parseKey(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError([`${file} does not hold a 32-byte base64 key`]);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

function intVar(env: Env, name: string, def: number, problems: string[], min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    problems.push(`${name}=${raw} must be an integer >= ${min}`);
    return def;
  }
  return n;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export const DEFAULT_SPARE_KEYS = 'RSA_2048=10,ECDSA_P256=10';
/** Most spare keys kept of one type. */
export const MAX_SPARE_KEYS = 1000;

/** `CERTPLANE_SPARE_KEYS`: `KEY_TYPE=count,...`; unset = the default, `0`, `off` or an empty list = no pool. */
function spareKeysVar(env: Env, problems: string[]): SpareKeyTargets {
  const name = 'CERTPLANE_SPARE_KEYS';
  const raw = env[name] ?? DEFAULT_SPARE_KEYS;
  if (raw.trim() === '0' || raw.trim() === 'off') return {};
  const targets: SpareKeyTargets = {};
  for (const entry of list(raw)) {
    const [type, count, ...rest] = entry.split('=').map((part) => part.trim());
    if (count === undefined || rest.length) {
      problems.push(`${name}: "${entry}" must be KEY_TYPE=count (e.g. ${DEFAULT_SPARE_KEYS}), or the whole value 0 or off for no pool`);
    } else if (!(KEY_TYPES as readonly string[]).includes(type)) {
      problems.push(`${name}: "${type}" is not a key type (${KEY_TYPES.join(', ')})`);
    } else if (!/^\d+$/.test(count) || Number(count) > MAX_SPARE_KEYS) {
      problems.push(`${name}: ${entry} must have a count from 0 to ${MAX_SPARE_KEYS}`);
    } else if (type in targets) {
      problems.push(`${name}: ${type} is given twice`);
    } else {
      targets[type as KeyType] = Number(count);
    }
  }
  return targets;
}

/** `CERTPLANE_PLATFORM_DOMAIN`: a hostname (normalised as domains are), not a wildcard; undefined when unset. */
function platformDomainVar(env: Env, problems: string[]): string | undefined {
  const raw = env.CERTPLANE_PLATFORM_DOMAIN?.trim();
  if (!raw) return undefined;
  try {
    const name = normalizeHostname(raw);
    if (name.isWildcard) throw new HostnameError('give the domain itself: certplane orders the wildcard *.<domain>', 'INVALID_WILDCARD', raw);
    return name.hostname;
  } catch (err) {
    if (!(err instanceof HostnameError)) throw err;
    problems.push(`CERTPLANE_PLATFORM_DOMAIN=${raw}: ${err.message} (e.g. apps.example.net: apps get <app>.apps.example.net)`);
    return undefined;
  }
}

/** `host:port` (an IPv6 host in brackets); undefined when unset. */
function hostPortVar(env: Env, name: string, problems: string[]): { host: string; port: number } | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:\s]+)):(\d{1,5})$/.exec(raw);
  if (!m || Number(m[3]) > 65535) {
    problems.push(`${name}=${raw} must be host:port, e.g. 127.0.0.1:9464`);
    return undefined;
  }
  return { host: m[1] ?? m[2], port: Number(m[3]) };
}

/** `CERTPLANE_DATA_DIR` as an absolute path (default `./.certplane`). */
export const dataDirFrom = (env: Env = process.env) => path.resolve(env.CERTPLANE_DATA_DIR || '.certplane');

/** Builds and validates the configuration; every problem is reported at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const dataDir = dataDirFrom(env);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres://');

  let masterKey: Buffer | null = null;
  if (env.CERTPLANE_MASTER_KEY) {
    masterKey = parseKey(env.CERTPLANE_MASTER_KEY);
    if (!masterKey) problems.push('CERTPLANE_MASTER_KEY must be 32 bytes, as 64 hex digits or base64 (try: openssl rand -base64 32)');
  } else if (databaseUrl) {
    problems.push('CERTPLANE_MASTER_KEY is required with DATABASE_URL (it encrypts private keys; generate one with: openssl rand -base64 32)');
  }

  const dirRaw = env.CERTPLANE_ACME_DIRECTORY || 'letsencrypt-staging';
  const directoryUrl = ACME_DIRECTORY_PRESETS[dirRaw] ?? dirRaw;
  if (!/^https:\/\//.test(directoryUrl)) {
    problems.push(`CERTPLANE_ACME_DIRECTORY=${dirRaw} must be ${Object.keys(ACME_DIRECTORY_PRESETS).join(' or ')} or an https:// URL`);
  }
  const caCertsPath = env.CERTPLANE_ACME_CA_CERTS || undefined;
  if (caCertsPath && !existsSync(caCertsPath)) problems.push(`CERTPLANE_ACME_CA_CERTS=${caCertsPath}: no such file`);
  const email = env.CERTPLANE_ACME_EMAIL || undefined;
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push(`CERTPLANE_ACME_EMAIL=${email} is not an email address`);

  const rateLimitsRaw = env.CERTPLANE_ACME_RATE_LIMITS || 'letsencrypt';
  if (rateLimitsRaw !== 'letsencrypt' && rateLimitsRaw !== 'off') problems.push(`CERTPLANE_ACME_RATE_LIMITS=${rateLimitsRaw} must be letsencrypt or off`);

  const pdnsUrl = env.CERTPLANE_PDNS_API_URL;
  const provider = (env.CERTPLANE_DNS_PROVIDER || (pdnsUrl ? 'powerdns' : 'none')) as DnsProviderName;
  let settings: Record<string, string> | undefined;
  const kind = findProviderKind(provider);
  if (provider !== 'none' && !kind) problems.push(`CERTPLANE_DNS_PROVIDER=${provider} must be none or one of ${DNS_PROVIDER_KINDS.map((k) => k.name).join(', ')}`);
  if (kind && provider !== 'powerdns') {
    try {
      settings = parseProviderSettings(kind, providerSettingsFromEnv(kind, env));
    } catch (err) {
      const setting = err instanceof ProviderSettingsError ? `CERTPLANE_DNS_${provider.toUpperCase()}_${err.setting.toUpperCase()}: ` : '';
      problems.push(`${setting}${(err as Error).message}`);
    }
  }
  let powerdns: Config['dns']['powerdns'];
  if (provider === 'powerdns') {
    if (!pdnsUrl) problems.push('CERTPLANE_PDNS_API_URL is required with CERTPLANE_DNS_PROVIDER=powerdns');
    if (!env.CERTPLANE_PDNS_API_KEY) problems.push('CERTPLANE_PDNS_API_KEY is required with CERTPLANE_DNS_PROVIDER=powerdns');
    powerdns = {
      apiUrl: pdnsUrl ?? '',
      apiKey: env.CERTPLANE_PDNS_API_KEY ?? '',
      serverId: env.CERTPLANE_PDNS_SERVER_ID || 'localhost',
      timeoutMs: intVar(env, 'CERTPLANE_DNS_PROVIDER_TIMEOUT', 10, problems, 1) * 1000,
    };
  }
  const resolvers = list(env.CERTPLANE_DNS_RESOLVERS);
  for (const r of resolvers) {
    if (!/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\])(:\d+)?$|^[0-9a-fA-F:]+$/.test(r)) problems.push(`CERTPLANE_DNS_RESOLVERS: "${r}" is not ip[:port]`);
  }

  const caaRaw = env.CERTPLANE_ACME_CAA_IDENTITIES;
  const caaIdentities =
    caaRaw === undefined || caaRaw === ''
      ? Object.entries(ACME_DIRECTORY_PRESETS).some(([, url]) => url === directoryUrl) ? ['letsencrypt.org'] : []
      : caaRaw === 'off' ? [] : list(caaRaw).map((d) => d.toLowerCase());
  for (const d of caaIdentities) if (!/^[a-z0-9.-]+$/.test(d)) problems.push(`CERTPLANE_ACME_CAA_IDENTITIES: "${d}" is not a domain name`);
  const ownershipRecordLabel = env.CERTPLANE_OWNERSHIP_RECORD || '_certplane-ownership';
  if (!/^_?[a-z0-9-]{1,62}$/.test(ownershipRecordLabel)) problems.push(`CERTPLANE_OWNERSHIP_RECORD=${ownershipRecordLabel} must be one DNS label, such as _certplane-ownership`);
  const challengeZone = env.CERTPLANE_CHALLENGE_ZONE ? env.CERTPLANE_CHALLENGE_ZONE.toLowerCase().replace(/\.$/, '') : undefined;
  if (challengeZone && !/^([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/.test(challengeZone)) problems.push(`CERTPLANE_CHALLENGE_ZONE=${challengeZone} is not a zone name`);
  const challengeServer = challengeServerFromEnv(env, challengeZone, problems);

  const zoneName = (v: string) => v.toLowerCase().replace(/\.$/, '');
  const platformDomain = platformDomainVar(env, problems);
  const reservedZones = list(env.CERTPLANE_RESERVED_ZONES).map(zoneName);
  // The platform's domain is reserved, always: no organization adds names under it.
  if (platformDomain && !reservedZones.some((z) => isAtOrUnder(platformDomain, z))) reservedZones.push(platformDomain);
  const platformNameservers = list(env.CERTPLANE_PLATFORM_NAMESERVERS).map(zoneName);
  for (const [name, values] of [['CERTPLANE_RESERVED_ZONES', reservedZones], ['CERTPLANE_PLATFORM_NAMESERVERS', platformNameservers]] as const) {
    for (const v of values) if (!/^([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/.test(v)) problems.push(`${name}: "${v}" is not a domain name`);
  }
  const requireZonesRaw = (env.CERTPLANE_REQUIRE_ZONES ?? '').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(requireZonesRaw)) problems.push(`CERTPLANE_REQUIRE_ZONES=${env.CERTPLANE_REQUIRE_ZONES} must be true or false`);

  const plans = loadPlans(env.CERTPLANE_PLANS, problems);
  const defaultPlan = env.CERTPLANE_DEFAULT_PLAN || 'free';
  if (!plans.some((p) => p.name === defaultPlan)) problems.push(`CERTPLANE_DEFAULT_PLAN=${defaultPlan} is not a plan of the table (${plans.map((p) => p.name).join(', ')})`);

  const logLevel = (env.CERTPLANE_LOG_LEVEL || 'info').trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`CERTPLANE_LOG_LEVEL=${env.CERTPLANE_LOG_LEVEL} must be one of ${LOG_LEVELS.join(', ')}`);
  const metricsListen = hostPortVar(env, 'CERTPLANE_METRICS_LISTEN', problems);
  const metricsToken = env.CERTPLANE_METRICS_TOKEN || undefined;
  if (metricsToken && metricsToken.length < 16) problems.push('CERTPLANE_METRICS_TOKEN must be at least 16 characters (try: openssl rand -hex 16)');

  const port = intVar(env, 'CERTPLANE_PORT', 4000, problems);
  if (port > 65535) problems.push(`CERTPLANE_PORT=${port} is not a TCP port`);
  const config: Config = {
    databaseUrl,
    dataDir,
    host: env.CERTPLANE_HOST || '127.0.0.1',
    port,
    apiProcesses: intVar(env, 'CERTPLANE_API_PROCESSES', 1, problems, 1),
    graphqlCompileAfter: intVar(env, 'CERTPLANE_GRAPHQL_COMPILE_AFTER', 2, problems),
    listCacheRows: intVar(env, 'CERTPLANE_LIST_CACHE_ROWS', 5000, problems),
    masterKey: masterKey ?? Buffer.alloc(0),
    logLevel,
    metrics: {
      listen: metricsListen,
      token: metricsToken,
      refreshMs: intVar(env, 'CERTPLANE_METRICS_REFRESH', 20, problems, 1) * 1000,
      perCertificateSeries: intVar(env, 'CERTPLANE_METRICS_CERTIFICATE_SERIES', 100, problems),
    },
    plans,
    defaultPlan,
    acme: { directoryUrl, email, caCertsPath, rateLimits: rateLimitsRaw === 'off' ? null : LETS_ENCRYPT_LIMITS, caaIdentities, caaPreflight: caaRaw !== 'off' },
    dns: {
      provider,
      settings,
      powerdns,
      resolvers: resolvers.length ? resolvers : undefined,
      authoritativePort: intVar(env, 'CERTPLANE_DNS_AUTHORITATIVE_PORT', 53, problems, 1),
      propagationTimeoutMs: intVar(env, 'CERTPLANE_DNS_PROPAGATION_TIMEOUT', 300, problems, 1) * 1000,
      challengeServer,
    },
    platform: {
      targets: list(env.CERTPLANE_PLATFORM_TARGETS).map((t) => t.toLowerCase().replace(/\.$/, '')),
      dnsCheckIntervalMs: intVar(env, 'CERTPLANE_DNS_CHECK_INTERVAL', 60, problems, 1) * 1000,
      ownershipRecordLabel,
      challengeZone,
      domain: platformDomain,
    },
    zones: { reserved: reservedZones, required: requireZonesRaw === 'true', platformNameservers },
    worker: {
      concurrency: intVar(env, 'CERTPLANE_WORKER_CONCURRENCY', 10, problems, 1),
      pollIntervalMs: intVar(env, 'CERTPLANE_WORKER_POLL_INTERVAL', 1000, problems, 10),
      heartbeatMs: intVar(env, 'CERTPLANE_WORKER_HEARTBEAT', 5, problems, 1) * 1000,
      staleOrderAfterMs: intVar(env, 'CERTPLANE_STALE_ORDER_AFTER', 120, problems, 1) * 1000,
      retryBaseMs: intVar(env, 'CERTPLANE_RETRY_BASE_MS', 10_000, problems, 1),
      maxOrderAttempts: intVar(env, 'CERTPLANE_MAX_ORDER_ATTEMPTS', 6, problems, 1),
      spareKeys: spareKeysVar(env, problems),
    },
  };
  if (problems.length) throw new ConfigError(problems);
  if (!masterKey) config.masterKey = loadOrCreateMasterKey(dataDir);
  return config;
}
