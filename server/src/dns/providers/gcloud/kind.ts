import { ProviderSettingsError, type DnsProviderKind, lazyProvider } from '../../provider-kind.js';
import type * as impl from './index.js';

/** The implementation and its vendor SDK load on first use (provider-kind.ts lazyProvider). */
const createGcloudProvider = (o: Parameters<typeof impl.createGcloudProvider>[0]) => lazyProvider('gcloud', async () => (await import('./index.js')).createGcloudProvider(o));
import { parseServiceAccountKey } from './service-account.js';

/** Google Cloud DNS (@google-cloud/dns), as a provider kind. */
export const gcloudKind: DnsProviderKind = {
  name: 'gcloud',
  title: 'Google Cloud DNS',
  settings: [
    {
      name: 'service_account_json',
      required: true,
      secret: true,
      description: 'the JSON key of a service account with the DNS Administrator role (roles/dns.admin) in the project',
    },
    { name: 'project_id', required: false, secret: false, description: "project holding the managed zones (default: the key's project_id)" },
  ],
  create(s, deps) {
    const key = parseServiceAccountKey(s.service_account_json);
    const projectId = s.project_id ?? key.project_id;
    if (!projectId) throw new ProviderSettingsError('project_id', 'Google Cloud DNS needs the setting project_id: the key names no project_id');
    return createGcloudProvider({ projectId, key, endpoint: s.endpoint, fetch: deps?.fetch, now: deps?.now });
  },
};
