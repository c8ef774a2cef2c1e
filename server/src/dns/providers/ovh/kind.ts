import type { DnsProviderKind } from '../../provider-kind.js';
import { createOvhProvider } from './index.js';

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
