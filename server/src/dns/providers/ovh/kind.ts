import { type DnsProviderKind, lazyProvider } from '../../provider-kind.js';
import type * as impl from './index.js';
import { resolveOvhOptions } from './options.js';

/** The implementation and its vendor SDK load on first use (provider-kind.ts lazyProvider). */
const createOvhProvider = (o: Parameters<typeof impl.createOvhProvider>[0]) => {
  resolveOvhOptions(o); // settings refused at once (region, an https endpoint), before anything loads
  return lazyProvider('ovh', async () => (await import('./index.js')).createOvhProvider(o));
};

/** OVHcloud DNS (API v1 through the `ovh` SDK), as a provider kind: application_key, application_secret, consumer_key, region. */
export const ovhKind: DnsProviderKind = {
  name: 'ovh',
  title: 'OVH',
  settings: [
    { name: 'application_key', required: true, secret: false, description: 'application key (from https://eu.api.ovh.com/createToken/ or your region\'s createToken page)' },
    { name: 'application_secret', required: true, secret: true, description: 'application secret' },
    {
      name: 'consumer_key',
      required: true,
      secret: true,
      description: 'consumer key with the rights GET /domain/zone, GET/POST /domain/zone/*, DELETE /domain/zone/*',
    },
    {
      name: 'region',
      required: false,
      secret: false,
      description: "OVHcloud API of the account: ovh-eu (default), ovh-ca or ovh-us (lego's OVH_ENDPOINT); an https endpoint URL overrides it",
    },
  ],
  create: (s, deps) =>
    createOvhProvider({
      applicationKey: s.application_key,
      applicationSecret: s.application_secret,
      consumerKey: s.consumer_key,
      region: s.region,
      endpoint: s.endpoint,
      now: deps?.now,
    }),
};
