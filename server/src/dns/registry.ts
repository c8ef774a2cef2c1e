import type { DnsProvider } from './dns-provider.js';
import { parseProviderSettings, type DnsProviderKind, type ProviderDeps } from './provider-kind.js';
import { createPowerDnsProvider, type PowerDnsProviderOptions } from './providers/powerdns/index.js';
import { powerDnsKind } from './providers/powerdns/kind.js';
import { route53Kind } from './providers/route53/kind.js';
import { gcloudKind } from './providers/gcloud/kind.js';
import { gandiKind, gandiV5Kind } from './providers/gandi/kind.js';
import { goDaddyKind } from './providers/godaddy/kind.js';
import { ovhKind } from './providers/ovh/kind.js';
import { rfc2136Kind } from './providers/rfc2136/kind.js';
import { webhookKind } from './providers/webhook/kind.js';
import { cloudflareKind } from './providers/cloudflare/kind.js';
import { dnsimpleKind } from './providers/dnsimple/kind.js';
import { azureKind } from './providers/azure/kind.js';
import { instrumentDnsProvider } from '../metrics/dns-metrics.js';

/**
 * Every DNS-01 provider kind, one folder each under providers/ (cert-manager's layout). A kind is
 * chosen per organization or app through setDnsCredentials, or for the whole installation with
 * CERTPLANE_DNS_PROVIDER and its settings in the environment.
 */
export const DNS_PROVIDER_KINDS: readonly DnsProviderKind[] = [powerDnsKind, rfc2136Kind, webhookKind, route53Kind, gcloudKind, ovhKind, gandiV5Kind, gandiKind, goDaddyKind, cloudflareKind, dnsimpleKind, azureKind];

/** The kind called `name`, or undefined. */
export const findProviderKind = (name: string) => DNS_PROVIDER_KINDS.find((k) => k.name === name);

export const DNS_PROVIDERS = ['none', ...DNS_PROVIDER_KINDS.map((k) => k.name)] as const;
export type DnsProviderName = string;

export interface DnsProviderConfig {
  /** Which provider answers DNS-01 challenges; 'none' turns the operator's default off (credentials set through the API still apply). */
  provider: DnsProviderName;
  /** PowerDNS options (from CERTPLANE_PDNS_*), when provider is 'powerdns'. */
  powerdns?: PowerDnsProviderOptions;
  /** Settings of any other kind (from CERTPLANE_DNS_<PROVIDER>_<SETTING>). */
  settings?: Record<string, string>;
}

/** Builds a provider of kind `name` from raw settings (checked first). Throws ProviderSettingsError or an Error naming what is wrong. */
export function createProviderOfKind(name: string, settings: Record<string, string>, deps?: ProviderDeps): DnsProvider {
  const kind = findProviderKind(name);
  if (!kind) throw new Error(`unknown DNS provider "${name}"; expected one of ${DNS_PROVIDER_KINDS.map((k) => k.name).join(', ')}`);
  return instrumentDnsProvider(kind.name, kind.create(parseProviderSettings(kind, settings), deps));
}

/** The operator's DNS-01 provider, or null for 'none'. Throws on a missing or unknown configuration. */
export function createDnsProvider(config: DnsProviderConfig): DnsProvider | null {
  switch (config.provider) {
    case 'none':
      return null;
    case 'powerdns':
      if (!config.powerdns) throw new Error("dns.provider is 'powerdns' but dns.powerdns (apiUrl, apiKey) is missing");
      return instrumentDnsProvider('powerdns', createPowerDnsProvider(config.powerdns));
    default:
      if (!findProviderKind(config.provider)) {
        throw new Error(`unknown dns.provider ${JSON.stringify(config.provider)}; expected one of ${DNS_PROVIDERS.join(', ')}`);
      }
      return createProviderOfKind(config.provider, config.settings ?? {});
  }
}
