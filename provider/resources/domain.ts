import { ProviderError, type Diagnostics } from '../framework/diagnostics.js';
import type { PlanInput, Resource } from '../framework/resource.js';
import { UNKNOWN, type TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from './api-errors.js';
import { DOMAIN_COMPUTED, DOMAIN_FIELDS, domainState, getDomain, getDomainByHostname, inApp, type ApiDomain } from './domain-api.js';
import { dropReplace, keepSpelling, looksLikeHostname, sameHostname } from './hostname.js';

const FIELDS = { hostname: 'common_name', app: 'app', CONFLICT: 'common_name', canonical: 'canonical', letsencryptEnabled: 'letsencrypt_enabled' };

/** certplane_domain: a hostname attached to an app, in the style of Scalingo's scalingo_domain. */
export const domainResource: Resource = {
  typeName: 'certplane_domain',
  schema: {
    // Version 0 was the pre-release shape, which named the hostname `hostname`.
    version: 1,
    block: {
      description: 'A custom domain attached to an app. certplane checks its DNS and, with `letsencrypt_enabled`, issues and renews its certificate.',
      attributes: {
        id: { type: 'string', computed: true, description: 'Domain id.' },
        common_name: { type: 'string', required: true, forceNew: true, description: 'The hostname, e.g. `www.example.com` or `*.example.com`.' },
        app: {
          type: 'string',
          required: true,
          forceNew: true,
          description: 'The app the domain belongs to: its id (`certplane_app.<name>.id`, which stays the same when the app is renamed) or its name.',
        },
        letsencrypt_enabled: { type: 'bool', optional: true, computed: true, default: true, description: "Issue a Let's Encrypt certificate once DNS points at the platform (default true)." },
        canonical: { type: 'bool', optional: true, computed: true, default: false, description: "The app's canonical domain: the others redirect to it (default false)." },
        ...DOMAIN_COMPUTED,
      },
    },
  },

  validate(config: TfObject, diags: Diagnostics) {
    if (typeof config.common_name === 'string' && !looksLikeHostname(config.common_name)) {
      diags.error('Invalid hostname', `"${config.common_name}" is not a hostname such as www.example.com or *.example.com.`, ['common_name']);
    }
    if (config.app === '') diags.error('Invalid app', 'app must name an app (its name or id).', ['app']);
  },

  modifyPlan({ prior, planned, requiresReplace }: PlanInput) {
    // Another spelling of the same hostname (case, a trailing dot, Unicode or punycode) is an in-place
    // update of the state's spelling, never a new domain.
    if (prior && sameHostname(prior.common_name, planned.common_name)) dropReplace(requiresReplace, 'common_name');
    // A settings change moves the domain's status along: those are known only after apply.
    if (prior && (prior.letsencrypt_enabled !== planned.letsencrypt_enabled || prior.canonical !== planned.canonical)) {
      for (const a of ['status', 'status_message', 'letsencrypt_status']) planned[a] = UNKNOWN;
    }
  },

  async create(planned, ctx) {
    const client = ctx.client();
    let domain: ApiDomain;
    try {
      domain = (
        await client.query<{ addDomain: ApiDomain }>(
          `mutation($input: AddDomainInput!) { addDomain(input: $input) { ${DOMAIN_FIELDS} } }`,
          { input: { app: planned.app, hostname: planned.common_name, letsencryptEnabled: planned.letsencrypt_enabled } },
          ctx.signal,
        )
      ).addDomain;
    } catch (err) {
      throw toProviderError(err, `add domain ${String(planned.common_name)}`, FIELDS);
    }
    if (planned.canonical === true) {
      try {
        domain = await update(domain.id, { canonical: true }, ctx.client(), ctx.signal);
      } catch (err) {
        throw toProviderError(err, 'make the domain canonical', FIELDS, domainState(domain));
      }
    }
    return domainState(domain);
  },

  async read(state, ctx) {
    try {
      const d = await getDomain(ctx.client(), String(state.id), ctx.signal);
      const fresh = domainState(d);
      fresh.common_name = keepSpelling(state.common_name, d.hostname);
      fresh.app = state.app === d.app.id || state.app === d.app.name ? state.app : d.app.name;
      return fresh;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toProviderError(err, `read domain ${String(state.id)}`);
    }
  },

  async update(prior, planned, ctx) {
    const input: Record<string, boolean> = {};
    if (planned.canonical !== prior.canonical && typeof planned.canonical === 'boolean') input.canonical = planned.canonical;
    if (planned.letsencrypt_enabled !== prior.letsencrypt_enabled && typeof planned.letsencrypt_enabled === 'boolean') input.letsencryptEnabled = planned.letsencrypt_enabled;
    try {
      const d = Object.keys(input).length ? await update(String(prior.id), input, ctx.client(), ctx.signal) : await getDomain(ctx.client(), String(prior.id), ctx.signal);
      return domainState(d);
    } catch (err) {
      throw toProviderError(err, `update domain ${String(prior.common_name)}`, FIELDS);
    }
  },

  async delete(prior, ctx) {
    try {
      await ctx.client().query(`mutation($id: ID!) { removeDomain(id: $id) }`, { id: prior.id }, ctx.signal);
    } catch (err) {
      if (!isNotFound(err)) throw toProviderError(err, `remove domain ${String(prior.common_name)}`);
    }
  },

  /** Import id: `app:common_name` (the hostname as the API normalises it; the domain must belong to that app), or the domain id. */
  async importState(id, ctx) {
    const m = /^([^:]+):(.+)$/.exec(id);
    try {
      if (!m) return domainState(await getDomain(ctx.client(), id, ctx.signal));
      const [, app, name] = m;
      const d = await getDomainByHostname(ctx.client(), name, ctx.signal);
      if (!inApp(d, app)) {
        throw new ProviderError('Cannot import certplane_domain', `The domain ${d.hostname} belongs to app ${d.app.name}, not ${app}. Use the import id ${d.app.name}:${name}.`);
      }
      // The API's spelling: a configuration spelling the name another way plans an in-place update at most.
      return { ...domainState(d), app };
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Cannot import certplane_domain', `${(err as Error).message}. Use the import id app:common_name, e.g. shop:www.example.com.`);
      throw toProviderError(err, `import domain ${id}`);
    }
  },

  upgradeState(version, state) {
    if (version === 0) {
      const { hostname, ...rest } = state;
      return { ...rest, common_name: rest.common_name ?? hostname };
    }
    return state;
  },
};

async function update(id: string, input: Record<string, boolean>, client: ReturnType<Parameters<Resource['create']>[1]['client']>, signal: AbortSignal) {
  const r = await client.query<{ updateDomain: ApiDomain }>(
    `mutation($id: ID!, $input: UpdateDomainInput!) { updateDomain(id: $id, input: $input) { ${DOMAIN_FIELDS} } }`,
    { id, input },
    signal,
  );
  return r.updateDomain;
}
