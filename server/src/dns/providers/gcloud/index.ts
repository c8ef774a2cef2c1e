import type { KeyObject } from 'node:crypto';
import { DNS, type DNSOptions } from '@google-cloud/dns';
import { normalizeFqdn, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { quoteTxt, unquoteTxt } from '../../txt-content.js';
import { gcloudError } from './errors.js';
import { createServiceAccountAuth, type ServiceAccountKey } from './service-account.js';

/** Settings of the Cloud DNS provider (through @google-cloud/dns). */
export interface GcloudProviderOptions {
  /** The project holding the managed zones. */
  projectId: string;
  /** A parsed service account key (parseServiceAccountKey); tokens come from its token_uri. */
  key: ServiceAccountKey & { privateKey: KeyObject };
  /** API base URL (default https://dns.googleapis.com); `/dns/v1` is added. For private endpoints and local stand-ins. */
  endpoint?: string;
  /** Time limit of each request in ms (default 10000). */
  timeoutMs?: number;
  /** TTL of a new TXT set in s (default 60). */
  ttl?: number;
  /** HTTP client for the token requests (default the global fetch). */
  fetch?: typeof fetch;
  now?: () => number;
}

/** Scopes of a token for Cloud DNS (the ones @google-cloud/dns asks for). */
const SCOPES = ['https://www.googleapis.com/auth/ndev.clouddns.readwrite'];

/** What the SDK's request interceptors see and return (its DecorateRequestOptions). */
type SdkRequestOptions = ReturnType<DNS['interceptors'][number]['request']>;

/** An rrset as the API gives it back. */
interface RrsetMetadata {
  name: string;
  type: string;
  ttl: number;
  rrdatas?: string[];
}

/**
 * DNS-01 provider for Google Cloud DNS: zones from managedZones.list (every page; private zones left
 * out: a CA sees public DNS), the TXT rrset from resourceRecordSets.list (name and type), and one
 * changes.create that deletes the rrset exactly as read and adds the new one, Cloud DNS's way to
 * replace a set (a 412 conditionNotMet when it changed meanwhile is retryable: read again).
 *
 * The SDK's retries are off: @google-cloud/dns's `autoRetry`/`maxRetries` options do not reach its
 * requests (@google-cloud/common 6.x reads them from the service's internal config), so an interceptor
 * sets each request's `maxRetries` to 0. Requests that get no answer at all are still retried by the
 * SDK's retry-request (3 times, 2-8 s apart), which no option turns off.
 */
export function createGcloudProvider(o: GcloudProviderOptions): DnsProvider {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const endpoint = o.endpoint?.replace(/\/+$/, '').replace(/\/dns\/v1$/, '');
  const auth = createServiceAccountAuth(o.key, { scopes: SCOPES, timeoutMs, fetch: o.fetch, now: o.now });
  const options: DNSOptions & { timeout: number } = {
    projectId: o.projectId,
    apiEndpoint: endpoint ? new URL(endpoint).host : undefined,
    // Duck-typed: @google-cloud/common wraps it in a GoogleAuth and calls only getRequestHeaders().
    authClient: auth as unknown as DNSOptions['authClient'],
    timeout: timeoutMs,
  };
  const dns = new DNS(options);
  // The SDK builds https://<apiEndpoint>/dns/v1; a plain-http endpoint (a local stand-in) needs the base URL set.
  if (endpoint) dns.baseUrl = `${endpoint}/dns/v1`;
  dns.interceptors.push({ request: (reqOpts) => ({ ...(reqOpts as SdkRequestOptions), maxRetries: 0 }) });


  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw gcloudError(err, what, o.projectId);
    }
  }

  const api: RecordSetApi = {
    async listZones() {
      const [zones] = await call('list managed zones', () => dns.getZones({ autoPaginate: true }));
      const out: ProviderZone[] = [];
      for (const z of zones) {
        const meta = z.metadata as { dnsName?: string; visibility?: string };
        if (meta.visibility === 'private' || !meta.dnsName) continue;
        out.push({ name: normalizeFqdn(meta.dnsName), id: z.name });
      }
      return out;
    },

    async readTxt(zone, fqdn) {
      const [records] = await call(`read TXT ${fqdn}`, () => dns.zone(zone.id).getRecords({ name: `${fqdn}.`, type: 'TXT', autoPaginate: true }));
      const set = records.map((r) => r.metadata as RrsetMetadata).find((m) => m.type === 'TXT' && normalizeFqdn(m.name) === fqdn);
      // The rrset itself goes with it: changes.create must delete exactly that.
      return { values: (set?.rrdatas ?? []).map(unquoteTxt), ttl: set?.ttl ?? null, raw: set };
    },

    async writeTxt(zone, fqdn, values, ttl, current) {
      const old = current.raw as RrsetMetadata | undefined;
      const z = dns.zone(zone.id);
      const add = values.length > 0 ? z.record('txt', { name: `${fqdn}.`, ttl, data: values.map(quoteTxt) }) : undefined;
      const del = old ? z.record('txt', { name: old.name, ttl: old.ttl, data: old.rrdatas ?? [] }) : undefined;
      if (!add && !del) return;
      try {
        await dns.zone(zone.id).createChange({ add, delete: del });
      } catch (err) {
        // Deleting a set that is gone already: clean-up is idempotent.
        if (!add && (err as { code?: unknown }).code === 404) return;
        throw gcloudError(err, `update TXT ${fqdn}`, o.projectId);
      }
    },
  };

  return createRecordSetProvider({ name: 'gcloud', title: 'Google Cloud DNS', api, ttl: o.ttl, now: o.now });
}
