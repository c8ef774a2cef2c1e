import type { DnsProviderKind } from '../../provider-kind.js';
import { createGoDaddyProvider } from './index.js';

/** GoDaddy (Domains API v1), as a provider kind: settings api_key, api_secret. */
export const goDaddyKind: DnsProviderKind = {
  name: 'godaddy',
  title: 'GoDaddy',
  settings: [
    { name: 'api_key', required: true, secret: false, description: 'API key from developer.godaddy.com/keys (a production key)' },
    { name: 'api_secret', required: true, secret: true, description: "the API key's secret" },
  ],
  create: (s, deps) => createGoDaddyProvider({ apiKey: s.api_key, apiSecret: s.api_secret, endpoint: s.endpoint, fetch: deps?.fetch, now: deps?.now }),
};
