import { ProviderError } from '../framework/diagnostics.js';
import type { DataSource } from '../framework/resource.js';
import type { TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from '../resources/api-errors.js';
import { DOMAIN_COMPUTED, domainState, getDomain, getDomainByHostname, inApp } from '../resources/domain-api.js';
import { keepSpelling } from '../resources/hostname.js';

/** data "certplane_domain": a domain by id, or by common_name (and app). */
export const domainDataSource: DataSource = {
  typeName: 'certplane_domain',
  schema: {
    version: 0,
    block: {
      description: 'Looks a domain up by `id`, or by `common_name` (optionally within `app`).',
      attributes: {
        id: { type: 'string', optional: true, computed: true, description: 'Domain id.' },
        common_name: { type: 'string', optional: true, computed: true, description: 'The hostname.' },
        app: { type: 'string', optional: true, computed: true, description: 'App name (or id, to narrow a common_name lookup).' },
        letsencrypt_enabled: { type: 'bool', computed: true, description: "Whether certplane issues the domain's certificate itself." },
        canonical: { type: 'bool', computed: true, description: "Whether this is the app's canonical domain." },
        ...DOMAIN_COMPUTED,
      },
    },
  },

  validate(config, diags) {
    if (config.id === null && config.common_name === null) diags.error('Missing lookup key', 'Set id, or common_name (and optionally app).', ['common_name']);
  },

  async read(config: TfObject, ctx) {
    try {
      if (typeof config.id === 'string') return domainState(await getDomain(ctx.client(), config.id, ctx.signal));
      const app = typeof config.app === 'string' ? config.app : undefined;
      const d = await getDomainByHostname(ctx.client(), String(config.common_name), ctx.signal);
      if (app !== undefined && !inApp(d, app)) throw new ProviderError('Domain not found', `The domain ${d.hostname} belongs to app ${d.app.name}, not ${app}.`, ['app']);
      // The configured spelling (case, trailing dot, unicode) stays: it names the same domain.
      return { ...domainState(d), common_name: keepSpelling(config.common_name, d.hostname), app: app ?? d.app.name };
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Domain not found', (err as Error).message, [typeof config.id === 'string' ? 'id' : 'common_name']);
      throw toProviderError(err, 'read the domain', { hostname: 'common_name' });
    }
  },
};
