import { DnsProviderError, type DnsProvider } from './dns-provider.js';

/** One setting of a DNS provider (an API token, a region, ...). */
export interface ProviderSetting {
  /** snake_case, e.g. 'api_token', 'access_key_id'. */
  name: string;
  required: boolean;
  /** Credentials: sealed at rest, never shown again, never logged. */
  secret: boolean;
  description: string;
}

/**
 * A kind of DNS-01 provider (one folder under providers/): its settings and how to build it. Settings
 * come from the API (setDnsCredentials, per organization or app) or, for the operator's default, from
 * the environment (`CERTPLANE_DNS_<PROVIDER>_<SETTING>`, e.g. CERTPLANE_DNS_ROUTE53_ACCESS_KEY_ID).
 * Every kind accepts an optional `endpoint` setting: the API's base URL, for private deployments and
 * for tests against a local stand-in.
 */
export interface DnsProviderKind {
  /** 'route53', 'cloudflare', ... */
  name: string;
  /** 'Amazon Route 53', ... */
  title: string;
  settings: ProviderSetting[];
  /** Builds the provider from checked settings (parseProviderSettings). Throws on settings it cannot use. */
  create(settings: Record<string, string>, deps?: ProviderDeps): DnsProvider;
}

export interface ProviderDeps {
  /** HTTP client for fetch-based providers (default the global fetch). */
  fetch?: typeof fetch;
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** The `endpoint` setting every kind accepts. */
export const ENDPOINT_SETTING: ProviderSetting = {
  name: 'endpoint',
  required: false,
  secret: false,
  description: "Base URL of the provider's API (default: the vendor's public endpoint); for private deployments and local stand-ins.",
};

/** A kind's settings with the common `endpoint` one, unless the kind declares its own (webhook: required there). */
export const settingsOfKind = (kind: DnsProviderKind): ProviderSetting[] =>
  kind.settings.some((s) => s.name === ENDPOINT_SETTING.name) ? kind.settings : [...kind.settings, ENDPOINT_SETTING];

/** A setting a person gave that the kind cannot take: which one and why. */
export class ProviderSettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks settings against a kind: every required one present and non-empty, no unknown names, an
 * `endpoint` that is an http(s) URL. Returns them trimmed. Throws ProviderSettingsError.
 */
export function parseProviderSettings(kind: DnsProviderKind, raw: Record<string, string>): Record<string, string> {
  const known = new Map(settingsOfKind(kind).map((s) => [s.name, s]));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!known.has(name)) {
      throw new ProviderSettingsError(name, `${kind.title} has no setting "${name}"; its settings are ${[...known.keys()].join(', ')}`);
    }
    if (typeof value !== 'string') throw new ProviderSettingsError(name, `${name} must be a string`);
    if (value.trim() !== '') out[name] = value.trim();
  }
  for (const s of kind.settings) {
    if (s.required && !out[s.name]) throw new ProviderSettingsError(s.name, `${kind.title} needs the setting ${s.name}: ${s.description}`);
  }
  if (out.endpoint && !/^https?:\/\/[^\s]+$/.test(out.endpoint)) throw new ProviderSettingsError('endpoint', `endpoint must be an http(s) URL, got "${out.endpoint}"`);
  return out;
}

/** The settings of a kind found in the environment: `CERTPLANE_DNS_<PROVIDER>_<SETTING>` (upper case). */
export function providerSettingsFromEnv(kind: DnsProviderKind, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of settingsOfKind(kind)) {
    const value = env[`CERTPLANE_DNS_${kind.name.toUpperCase()}_${s.name.toUpperCase()}`];
    if (value !== undefined && value !== '') out[s.name] = value;
  }
  return out;
}

/**
 * A provider whose implementation (and vendor SDK) is loaded on first use. The vendors' SDKs are large
 * (AWS, Google, Azure): loaded at start they grew every API process's heap and cost the uncached page
 * query ~10% CPU and its p99 tail (bench/README.md, stop 19), in processes that never use them. An
 * error while loading or building it is a DnsProviderError naming the provider.
 */
export function lazyProvider(name: string, load: () => Promise<DnsProvider>): DnsProvider {
  let loading: Promise<DnsProvider> | null = null;
  const get = () =>
    (loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err instanceof DnsProviderError ? err : new DnsProviderError(`${name}: ${(err as Error).message}`, { provider: name, retryable: false, cause: err });
    }));
  return {
    name,
    present: async (fqdn, value) => (await get()).present(fqdn, value),
    cleanUp: async (fqdn, value) => (await get()).cleanUp(fqdn, value),
    verify: async () => {
      await (await get()).verify?.();
    },
  };
}
