import pino from 'pino';

/**
 * Structured one-line JSON logs (pino) on stderr: stdout stays free for the first-start token banner.
 * Each line: `level` (name), `time` (ISO 8601), the logger's base fields (`role`, ...), `msg`, then the
 * call's fields (`reqId` first for a request's lines: http/request-id.ts).
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether debug lines are written: a caller skips the work of building one when they are not. */
  readonly debugEnabled?: boolean;
}

/** `CERTPLANE_LOG_LEVEL`'s values, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Keys whose values never reach a log line, at any depth up to three (pino `redact`). */
export const REDACTED_KEYS = [
  'authorization', 'Authorization', 'cookie', 'token', 'apiToken', 'accessToken', 'access_token', 'refreshToken',
  'password', 'secret', 'secrets', 'credentials', 'settings', 'privateKey', 'privateKeyPem', 'private_key_pem',
  'key', 'keyPem', 'accountKey', 'masterKey', 'apiKey', 'api_key', 'api_token', 'api_secret', 'secret_access_key',
  'session_token', 'client_secret', 'application_secret', 'consumer_key', 'tsig_secret', 'service_account_json',
  'personal_access_token', 'connectionParams', 'variables',
];
const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Fields on every line (`role`, `pid`, ...). */
  base?: Record<string, unknown>;
  /** Where lines go (default: stderr, synchronously, so the last lines before an exit are not lost). */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const p = pino(
    {
      level: opts.level ?? 'info',
      base: opts.base ?? null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    // The message first, before the call's fields (as certplane's lines always had it: tools read `"msg":"..."` then a field).
    if (p.isLevelEnabled(level)) p[level]({ msg, ...fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), debugEnabled: p.isLevelEnabled('debug') };
}

/** `log` with `fields` on every line (before the call's own). */
export function withLogFields(log: Logger, fields: Record<string, unknown>): Logger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, more?: Record<string, unknown>) => log[level](msg, { ...fields, ...more });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), debugEnabled: log.debugEnabled };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, debugEnabled: false };
