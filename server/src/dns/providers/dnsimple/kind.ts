import { ProviderSettingsError, type DnsProviderKind, lazyProvider } from '../../provider-kind.js';
import type * as impl from './index.js';

/** The implementation and its vendor SDK load on first use (provider-kind.ts lazyProvider). */
const createDnsimpleProvider = (o: Parameters<typeof impl.createDnsimpleProvider>[0]) => lazyProvider('dnsimple', async () => (await import('./index.js')).createDnsimpleProvider(o));

/** DNSimple (API v2, official `dnsimple` SDK), as a provider kind: settings access_token, account_id. */
export const dnsimpleKind: DnsProviderKind = {
  name: 'dnsimple',
  title: 'DNSimple',
  settings: [
    { name: 'access_token', required: true, secret: true, description: 'an account API token (Account > Access tokens); a user token needs account_id too' },
    {
      name: 'account_id',
      required: false,
      secret: false,
      description: "the account's number (in the dashboard's URLs); default: the account the token belongs to",
    },
  ],
  create: (s, deps) => {
    if (s.account_id && !/^\d+$/.test(s.account_id)) throw new ProviderSettingsError('account_id', `account_id must be the account's number, got "${s.account_id}"`);
    return createDnsimpleProvider({ accessToken: s.access_token, accountId: s.account_id, baseUrl: s.endpoint, fetch: deps?.fetch, now: deps?.now });
  },
};
