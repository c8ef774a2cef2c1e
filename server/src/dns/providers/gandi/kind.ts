import { ProviderSettingsError, type DnsProviderKind } from '../../provider-kind.js';
import { createGandiProvider } from './index.js';

const API_KEY_DESCRIPTION = "Gandi's account API key (deprecated by Gandi in favour of personal access tokens), sent as 'Authorization: Apikey'";

/** Gandi LiveDNS (v5 REST API), as a provider kind: settings personal_access_token, or the deprecated api_key. */
export const gandiV5Kind: DnsProviderKind = {
  name: 'gandiv5',
  title: 'Gandi LiveDNS',
  settings: [
    {
      name: 'personal_access_token',
      required: false,
      secret: true,
      description: 'a personal access token from admin.gandi.net with "Manage domain name technical configurations" (required unless api_key is given)',
    },
    { name: 'api_key', required: false, secret: true, description: API_KEY_DESCRIPTION },
  ],
  create(s, deps) {
    if (!s.personal_access_token && !s.api_key) {
      throw new ProviderSettingsError('personal_access_token', 'Gandi LiveDNS needs the setting personal_access_token (or the deprecated api_key)');
    }
    return createGandiProvider({ name: 'gandiv5', personalAccessToken: s.personal_access_token, apiKey: s.api_key, endpoint: s.endpoint, fetch: deps?.fetch, now: deps?.now });
  },
};

/**
 * `gandi`: lego's name for Gandi's XML-RPC API, which Gandi no longer develops (it points to the v5 REST
 * API). No XML-RPC client is installed here, so this kind drives the same LiveDNS v5 REST code as gandiv5,
 * authenticated with the account API key.
 */
export const gandiKind: DnsProviderKind = {
  name: 'gandi',
  title: 'Gandi (LiveDNS, API key)',
  settings: [{ name: 'api_key', required: true, secret: true, description: API_KEY_DESCRIPTION }],
  create: (s, deps) => createGandiProvider({ name: 'gandi', apiKey: s.api_key, endpoint: s.endpoint, fetch: deps?.fetch, now: deps?.now }),
};
