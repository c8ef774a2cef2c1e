import { ProviderSettingsError, type DnsProviderKind } from '../../provider-kind.js';
import { createWebhookProvider } from './index.js';

/**
 * An HTTP webhook speaking lego's httpreq protocol (default mode), as a provider kind: anything else
 * plugs in. Its `endpoint` setting is required (it is the receiver, there is no vendor default).
 */
export const webhookKind: DnsProviderKind = {
  name: 'webhook',
  title: 'HTTP webhook (lego httpreq)',
  settings: [
    { name: 'endpoint', required: true, secret: false, description: 'base URL of the receiver: certplane POSTs {"fqdn","value"} JSON to <endpoint>/present and <endpoint>/cleanup' },
    { name: 'username', required: false, secret: false, description: 'HTTP basic authentication user (with password)' },
    { name: 'password', required: false, secret: true, description: 'HTTP basic authentication password (with username)' },
    { name: 'timeout', required: false, secret: false, description: 'seconds to wait for the receiver (default 30)' },
  ],
  create: (s, deps) => {
    const timeout = s.timeout === undefined ? undefined : Number(s.timeout);
    if (timeout !== undefined && !(timeout > 0 && Number.isFinite(timeout))) throw new ProviderSettingsError('timeout', `timeout must be seconds above 0, got "${s.timeout}"`);
    return createWebhookProvider({
      endpoint: s.endpoint,
      username: s.username,
      password: s.password,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      fetch: deps?.fetch,
      now: deps?.now,
    });
  },
};
