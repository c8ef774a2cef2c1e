import type { DnsProvider } from './dns-provider.js';
import { createPowerDnsProvider, type PowerDnsProviderOptions } from './providers/powerdns/index.js';

export const DNS_PROVIDERS = ['powerdns', 'none'] as const;
export type DnsProviderName = (typeof DNS_PROVIDERS)[number];

export interface DnsProviderConfig {
  /** Which provider answers DNS-01 challenges; 'none' turns DNS-01 off. */
  provider: DnsProviderName;
  /** Required when provider is 'powerdns'. */
  powerdns?: PowerDnsProviderOptions;
}

/** The configured DNS-01 provider, or null for 'none'. Throws on a missing or unknown configuration. */
export function createDnsProvider(config: DnsProviderConfig): DnsProvider | null {
  switch (config.provider) {
    case 'none':
      return null;
    case 'powerdns':
      if (!config.powerdns) throw new Error("dns.provider is 'powerdns' but dns.powerdns (apiUrl, apiKey) is missing");
      return createPowerDnsProvider(config.powerdns);
    default:
      throw new Error(`unknown dns.provider ${JSON.stringify((config as { provider: unknown }).provider)}; expected one of ${DNS_PROVIDERS.join(', ')}`);
  }
}
