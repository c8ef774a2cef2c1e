import { type DnsProviderKind, lazyProvider } from '../../provider-kind.js';
import type * as impl from './index.js';

/** The implementation and its vendor SDK load on first use (provider-kind.ts lazyProvider). */
const createCloudflareProvider = (o: Parameters<typeof impl.createCloudflareProvider>[0]) => lazyProvider('cloudflare', async () => (await import('./index.js')).createCloudflareProvider(o));

/** Cloudflare (API v4, official `cloudflare` SDK), as a provider kind: settings api_token, zone_id. */
export const cloudflareKind: DnsProviderKind = {
  name: 'cloudflare',
  title: 'Cloudflare',
  settings: [
    {
      name: 'api_token',
      required: true,
      secret: true,
      description: 'a scoped API token with the permissions Zone:Read and DNS:Edit on the zones (My Profile > API Tokens)',
    },
    {
      name: 'zone_id',
      required: false,
      secret: false,
      description: "only this zone (its id, from the zone's Overview page); the token then needs no access to other zones",
    },
  ],
  create: (s, deps) => createCloudflareProvider({ apiToken: s.api_token, zoneId: s.zone_id, baseUrl: s.endpoint, fetch: deps?.fetch, now: deps?.now }),
};
