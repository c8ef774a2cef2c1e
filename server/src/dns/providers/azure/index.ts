import { DnsManagementClient, type DnsManagementClientOptionalParams } from '@azure/arm-dns';
import { DnsProviderError, isRetryableStatus, retryAfterMs, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, relativeName } from '../../vendor-api.js';
import { createClientSecretCredential } from './client-secret-credential.js';

const PROVIDER = 'azure';
const TITLE = 'Azure DNS';

/** Settings of the Azure DNS provider (Azure Resource Manager through the official `@azure/arm-dns` SDK). */
export interface AzureDnsProviderOptions {
  /** Directory (tenant) id of the app registration. Required. */
  tenantId: string;
  /** Application (client) id of the app registration (a service principal with DNS Zone Contributor on the zones). Required. */
  clientId: string;
  /** A client secret's value. Required. */
  clientSecret: string;
  /** Subscription holding the zones. Required. */
  subscriptionId: string;
  /** Only zones in this resource group (default: every zone of the subscription). */
  resourceGroup?: string;
  /** Microsoft Entra authority (default https://login.microsoftonline.com). */
  authorityHost?: string;
  /** Resource Manager endpoint (default https://management.azure.com); tokens are asked for `<endpoint>/.default`. Must be https. */
  endpoint?: string;
  /** Time limit of each request in ms (default 30000). */
  timeoutMs?: number;
  /** TTL of a new TXT record set in s (default 60). */
  ttl?: number;
  /** HTTP client of the token requests (default the global fetch). */
  fetch?: typeof fetch;
  now?: () => number;
  /** More options for the SDK's client, e.g. `tlsOptions: { ca }` to trust a private CA (a local stand-in). */
  clientOptions?: DnsManagementClientOptionalParams;
}

/** What the SDK throws for an HTTP or network failure (core-rest-pipeline's RestError). */
interface RestErrorLike {
  name: 'RestError';
  message: string;
  code?: string;
  statusCode?: number;
  response?: { headers: { get(name: string): string | undefined } };
}
const isRestError = (err: unknown): err is RestErrorLike => (err as { name?: unknown } | null)?.name === 'RestError';

/**
 * DNS-01 provider for Azure DNS. A TXT record set is one ARM resource
 * (.../dnsZones/{zone}/TXT/{relative name}, `@` at the apex) holding every value, written whole with PUT
 * and deleted when empty. Zones are found by longest suffix among every page of the subscription's (or
 * resource group's) zones; a zone's resource group comes from its id. The SDK retries nothing
 * (`maxRetries: 0`): throttling (429) becomes a retryable error with Retry-After's wait (a minute
 * when it is missing).
 */
export function createAzureDnsProvider(o: AzureDnsProviderOptions): DnsProvider {
  for (const [name, value] of Object.entries({ tenant_id: o.tenantId, client_id: o.clientId, client_secret: o.clientSecret, subscription_id: o.subscriptionId })) {
    if (!value) throw new Error(`azure: ${name} is required`);
  }
  const endpoint = (o.endpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
  if (!endpoint.startsWith('https://')) throw new Error(`azure: endpoint must be an https URL (the SDK sends tokens over TLS only), got "${endpoint}"`);
  const now = o.now ?? Date.now;
  const credential = createClientSecretCredential({ ...o, now });
  const client = new DnsManagementClient(credential, o.subscriptionId, {
    ...o.clientOptions,
    endpoint,
    $host: endpoint,
    retryOptions: { maxRetries: 0 },
  });
  const requestOptions = { requestOptions: { timeout: o.timeoutMs ?? 30_000 } };

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw providerError(err, what);
    }
  }

  function providerError(err: unknown, what: string): DnsProviderError {
    if (err instanceof DnsProviderError) return err;
    if (!isRestError(err) || err.statusCode === undefined) {
      const reason = isRestError(err) ? (err.code ?? err.message) : (err as Error).message;
      return new DnsProviderError(`Azure Resource Manager at ${endpoint} unreachable while trying to ${what}: ${reason}`, { provider: PROVIDER, retryable: true, cause: err });
    }
    const status = err.statusCode;
    const detail = `HTTP ${status} ${err.code ?? ''}: ${err.message}`.replace(' :', ':');
    const opts = { provider: PROVIDER, status, cause: err };
    if (status === 429) {
      return new DnsProviderError(`Azure Resource Manager throttled the request to ${what} (${detail})`, {
        ...opts,
        retryable: true,
        retryAfterMs: retryAfterMs(err.response?.headers.get('retry-after'), now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS,
      });
    }
    const hint =
      status === 401
        ? 'Resource Manager refused the token; check tenant_id (the directory of the subscription)'
        : status === 403
          ? 'the app registration may not do this; check client_id, and give its service principal the DNS Zone Contributor role on the zones (or their resource group)'
          : /subscription/i.test(err.code ?? '')
            ? 'check subscription_id'
            : /resourcegroup/i.test(err.code ?? '')
              ? 'check resource_group'
              : undefined;
    return new DnsProviderError(`Azure DNS refused to ${what} (${detail})${hint ? `; ${hint}` : ''}`, { ...opts, retryable: isRetryableStatus(status) || status === 412 });
  }

  /** The zone's resource group, from its ARM id (/subscriptions/../resourceGroups/{rg}/providers/...). */
  const resourceGroupOf = (zone: ProviderZone) => /\/resourceGroups\/([^/]+)\//i.exec(zone.id)?.[1] ?? o.resourceGroup ?? '';
  /** The record set's name relative to the zone; '@' at the apex. */
  const relative = (zone: ProviderZone, fqdn: string) => relativeName(fqdn, zone.name) || '@';

  const api: RecordSetApi = {
    listZones: () =>
      call(o.resourceGroup ? `list the zones of resource group ${o.resourceGroup}` : 'list the zones of the subscription', async () => {
        const zones: ProviderZone[] = [];
        const pages = o.resourceGroup ? client.zones.listByResourceGroup(o.resourceGroup, requestOptions) : client.zones.list(requestOptions);
        for await (const z of pages) if (z.id && z.name) zones.push({ id: z.id, name: z.name });
        return zones;
      }),
    readTxt: (zone, fqdn) =>
      call(`read TXT ${fqdn}`, async () => {
        try {
          const set = await client.recordSets.get(resourceGroupOf(zone), zone.name, relative(zone, fqdn), 'TXT', requestOptions);
          return { values: (set.txtRecords ?? []).map((t) => (t.value ?? []).join('')), ttl: set.ttl ?? null };
        } catch (err) {
          if (isRestError(err) && err.statusCode === 404 && err.code === 'NotFound') return { values: [], ttl: null };
          throw err;
        }
      }),
    writeTxt: (zone, fqdn, values, ttl) =>
      call(`${values.length ? 'write' : 'delete'} TXT ${fqdn}`, async () => {
        const [rg, rel] = [resourceGroupOf(zone), relative(zone, fqdn)];
        if (values.length === 0) {
          await client.recordSets.delete(rg, zone.name, rel, 'TXT', requestOptions);
          return;
        }
        await client.recordSets.createOrUpdate(rg, zone.name, rel, 'TXT', { ttl, txtRecords: values.map((v) => ({ value: strings(v) })) }, requestOptions);
      }),
  };

  return createRecordSetProvider({ name: PROVIDER, title: TITLE, api, ttl: o.ttl ?? 60, now: o.now });
}

/** A value as TXT character strings of at most 255 characters each (Azure DNS refuses longer ones). */
function strings(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length || i === 0; i += 255) out.push(value.slice(i, i + 255));
  return out;
}
