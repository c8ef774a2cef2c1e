import type { DnsProviderKind } from '../../provider-kind.js';
import { createPowerDnsProvider } from './index.js';

/** PowerDNS Authoritative Server (HTTP API v1), as a provider kind: settings api_url, api_key, server_id. */
export const powerDnsKind: DnsProviderKind = {
  name: 'powerdns',
  title: 'PowerDNS',
  settings: [
    { name: 'api_url', required: true, secret: false, description: 'webserver root of the PowerDNS API, e.g. http://127.0.0.1:8081' },
    { name: 'api_key', required: true, secret: true, description: "the server's api-key" },
    { name: 'server_id', required: false, secret: false, description: "server id in API paths (default 'localhost')" },
  ],
  create: (s, deps) =>
    createPowerDnsProvider({ apiUrl: s.endpoint ?? s.api_url, apiKey: s.api_key, serverId: s.server_id, fetch: deps?.fetch }),
};
