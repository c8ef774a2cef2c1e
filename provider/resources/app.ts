import { ApiError } from '../client.js';
import { ProviderError, type Diagnostics } from '../framework/diagnostics.js';
import type { PlanInput, Resource } from '../framework/resource.js';
import type { TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from './api-errors.js';
import { APP_NAME, appState, createApp, deleteApp, findApp, renameApp, renamedDefaultDomain } from './app-api.js';

const FIELDS = { name: 'name', CONFLICT: 'name' };

/**
 * certplane_app: an app, the home of domains (`certplane_domain.app` takes its id or name). A new name
 * renames it in place (renameApp: same id, its default domain renamed with it); destroy deletes it with
 * its domains (deleteApp).
 */
export const appResource: Resource = {
  typeName: 'certplane_app',
  schema: {
    version: 0,
    block: {
      description:
        "An app of the organization. Domains belong to one: set `certplane_domain.app` to the app's `id`, which stays the same when the app is renamed (its `name` works too, but then a rename replaces the domains). Destroying the app deletes its domains and their certificates too.",
      attributes: {
        id: { type: 'string', computed: true, description: 'App id.' },
        name: {
          type: 'string',
          required: true,
          description: 'The app name: 1-63 lower-case letters, digits and hyphens, starting with a letter or digit. A new name renames the app in place, its default domain with it.',
        },
        default_domain: {
          type: 'string',
          computed: true,
          description:
            "The app's default domain, `<name>.<platform domain>`, served by the platform certificate (renamed with the app); null when the platform has no platform domain (CERTPLANE_PLATFORM_DOMAIN).",
        },
      },
    },
  },

  validate(config: TfObject, diags: Diagnostics) {
    if (typeof config.name === 'string' && !APP_NAME.test(config.name)) {
      diags.error('Invalid app name', `"${config.name}" is not a valid app name: use 1-63 lower-case letters, digits and hyphens, starting with a letter or digit.`, ['name']);
    }
  },

  modifyPlan({ prior, planned }: PlanInput) {
    // A rename takes the default domain along, under the platform domain it was made under.
    if (prior && typeof prior.default_domain === 'string' && typeof planned.name === 'string' && planned.name !== prior.name) {
      planned.default_domain = renamedDefaultDomain(prior.default_domain, planned.name);
    }
  },

  async create(planned, ctx) {
    const name = String(planned.name);
    try {
      return appState(await createApp(ctx.client(), name, ctx.signal));
    } catch (err) {
      throw withImportHint(err, `create app ${name}`, name);
    }
  },

  async read(state, ctx) {
    try {
      return appState(await findApp(ctx.client(), String(state.id), ctx.signal));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toProviderError(err, `read app ${String(state.name)}`);
    }
  },

  async update(prior, planned, ctx) {
    try {
      return appState(await renameApp(ctx.client(), String(prior.id), String(planned.name), ctx.signal));
    } catch (err) {
      throw toProviderError(err, `rename app ${String(prior.name)} to ${String(planned.name)}`, FIELDS);
    }
  },

  async delete(prior, ctx) {
    try {
      await deleteApp(ctx.client(), String(prior.id), ctx.signal);
    } catch (err) {
      if (!isNotFound(err)) throw toProviderError(err, `delete app ${String(prior.name)}`);
    }
  },

  /** Import id: the app's id or name. */
  async importState(id, ctx) {
    try {
      return appState(await findApp(ctx.client(), id, ctx.signal));
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Cannot import certplane_app', `${(err as Error).message}. Use the app's id or name.`);
      throw toProviderError(err, `import app ${id}`);
    }
  },
};

/** A CONFLICT on a name the organization already has: say how to manage that app here. */
function withImportHint(err: unknown, action: string, name: string): ProviderError {
  const e = toProviderError(err, action, FIELDS);
  if (!(err instanceof ApiError && err.code === 'CONFLICT' && err.message.includes('already exists'))) return e;
  return new ProviderError(e.summary, `${e.detail} To manage that app here, import it: terraform import <address> ${name}.`, e.path);
}
