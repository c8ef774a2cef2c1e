import { parseServer, type DnsServerAddress } from '../../dns-client.js';
import { ProviderSettingsError } from '../../provider-kind.js';
import { TSIG_ALGORITHMS, type TsigAlgorithm, type TsigKey } from './tsig.js';

export interface Rfc2136ProviderOptions {
  /** The primary that takes updates: 'ip' or 'ip:port' (port 53 by default); '[v6]:port' for IPv6 with a port. */
  nameserver: string;
  /** TSIG key name as the server knows it (BIND: `key "<name>" { ... }`); a trailing dot is fine. */
  tsigKeyName: string;
  /** The key's secret, base64 (BIND's `secret`, tsig-keygen's output). */
  tsigSecret: string;
  /** 'hmac-sha1' | 'hmac-sha224' | 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512' (default 'hmac-sha256'). */
  tsigAlgorithm?: string;
  /** Zone to update (default: found by asking the nameserver for the SOA of the name, walking up). */
  zone?: string;
  /** TTL of the TXT records added, in s (default 60). */
  ttl?: number;
  /** Time to wait for one answer from the nameserver, in ms (default 10000; a UDP request is sent twice). */
  timeoutMs?: number;
  /** Clock, ms (default Date.now): signs requests and checks the time of answers (TSIG fudge 300 s). */
  now?: () => number;
}

export interface ResolvedRfc2136Options {
  server: DnsServerAddress;
  key: TsigKey;
  zone: string | null;
  ttl: number;
  timeoutMs: number;
  now: () => number;
}

const NAME = /^([a-z0-9_-]([a-z0-9_-]{0,61}[a-z0-9_-])?\.)*[a-z0-9_-]([a-z0-9_-]{0,61}[a-z0-9_-])?$/;
const plain = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** Checks and fills in the options; throws ProviderSettingsError naming the setting (snake_case) at fault. */
export function resolveRfc2136Options(o: Rfc2136ProviderOptions): ResolvedRfc2136Options {
  let server: DnsServerAddress;
  try {
    server = parseServer(o.nameserver.trim());
  } catch {
    throw new ProviderSettingsError('nameserver', `nameserver must be an IP address with an optional port ('192.0.2.53', '192.0.2.53:5353', '[2001:db8::53]:53'), got "${o.nameserver}"`);
  }
  const keyName = plain(o.tsigKeyName);
  if (!NAME.test(keyName)) throw new ProviderSettingsError('tsig_key_name', `tsig_key_name must be a domain name such as "certplane-key", got "${o.tsigKeyName}"`);
  const secretText = o.tsigSecret.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretText) || secretText.length % 4 === 1) {
    throw new ProviderSettingsError('tsig_secret', 'tsig_secret must be the base64 secret of the key (as in BIND\'s key statement or tsig-keygen\'s output)');
  }
  const algorithm = plain(o.tsigAlgorithm ?? 'hmac-sha256');
  if (!(algorithm in TSIG_ALGORITHMS)) {
    throw new ProviderSettingsError('tsig_algorithm', `tsig_algorithm must be one of ${Object.keys(TSIG_ALGORITHMS).join(', ')}, got "${o.tsigAlgorithm}"`);
  }
  const zone = o.zone === undefined || o.zone.trim() === '' ? null : plain(o.zone);
  if (zone !== null && !NAME.test(zone)) throw new ProviderSettingsError('zone', `zone must be a zone name such as "example.com", got "${o.zone}"`);
  const ttl = o.ttl ?? 60;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) throw new ProviderSettingsError('ttl', `ttl must be a whole number of seconds from 1 to 86400, got ${o.ttl}`);
  const timeoutMs = o.timeoutMs ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 120_000) {
    throw new ProviderSettingsError('timeout', `timeout must be seconds above 0 and at most 120, got ${timeoutMs / 1000}`);
  }
  return {
    server,
    key: { name: keyName, algorithm: algorithm as TsigAlgorithm, secret: Buffer.from(secretText, 'base64') },
    zone,
    ttl,
    timeoutMs,
    now: o.now ?? Date.now,
  };
}

/** A number setting given as text ('60', '2.5'), or undefined when absent. */
export function numberSetting(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new ProviderSettingsError(name, `${name} must be a number, got "${value}"`);
  return n;
}
