import { ProviderSettingsError, type DnsProviderKind, lazyProvider } from '../../provider-kind.js';
import type * as impl from './index.js';

/** The implementation and its vendor SDK load on first use (provider-kind.ts lazyProvider). */
const createAzureDnsProvider = (o: Parameters<typeof impl.createAzureDnsProvider>[0]) => lazyProvider('azure', async () => (await import('./index.js')).createAzureDnsProvider(o));

/**
 * Azure DNS (Resource Manager, official `@azure/arm-dns` SDK; a client secret exchanged for tokens without
 * @azure/identity), as a provider kind: settings tenant_id, client_id, client_secret, subscription_id,
 * resource_group, authority_host. `endpoint` is the Resource Manager URL (other clouds, Azure Stack Hub).
 */
export const azureKind: DnsProviderKind = {
  name: 'azure',
  title: 'Azure DNS',
  settings: [
    { name: 'tenant_id', required: true, secret: false, description: 'directory (tenant) id of the app registration' },
    { name: 'client_id', required: true, secret: false, description: 'application (client) id of an app registration whose service principal has the DNS Zone Contributor role on the zones' },
    { name: 'client_secret', required: true, secret: true, description: "a client secret's value (Certificates & secrets; not the secret's id)" },
    { name: 'subscription_id', required: true, secret: false, description: 'subscription holding the DNS zones' },
    { name: 'resource_group', required: false, secret: false, description: 'only the zones of this resource group (default: every zone of the subscription)' },
    {
      name: 'authority_host',
      required: false,
      secret: false,
      description: 'Microsoft Entra authority (default https://login.microsoftonline.com; https://login.microsoftonline.us for Azure Government, https://login.chinacloudapi.cn for Azure China)',
    },
  ],
  create: (s, deps) => {
    // The client secret and the bearer tokens travel over TLS only (the SDK refuses plain http too).
    for (const name of ['authority_host', 'endpoint']) {
      if (s[name] && !s[name].startsWith('https://')) throw new ProviderSettingsError(name, `${name} must be an https URL, got "${s[name]}"`);
    }
    return createAzureDnsProvider({
      tenantId: s.tenant_id,
      clientId: s.client_id,
      clientSecret: s.client_secret,
      subscriptionId: s.subscription_id,
      resourceGroup: s.resource_group,
      authorityHost: s.authority_host,
      endpoint: s.endpoint,
      fetch: deps?.fetch,
      now: deps?.now,
    });
  },
};
