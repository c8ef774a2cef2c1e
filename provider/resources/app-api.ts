import type { CertplaneClient } from '../client.js';
import { ApiError } from '../client.js';
import type { TfObject } from '../protocol/values.js';

/** The App fields the provider reads. */
export const APP_FIELDS = 'id name defaultDomain { hostname }';

export interface ApiApp {
  id: string;
  name: string;
  /** `<app>.<platform domain>`; null when the platform has no platform domain (CERTPLANE_PLATFORM_DOMAIN). */
  defaultDomain: { hostname: string } | null;
}

/** An app name the API accepts: 1-63 lower-case letters, digits and hyphens, starting with a letter or digit. */
export const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function appState(a: ApiApp): TfObject {
  return { id: a.id, name: a.name, default_domain: a.defaultDomain?.hostname ?? null };
}

/** The default domain after a rename: the API renames `<old>.<platform domain>` to `<new>.<platform domain>`. */
export function renamedDefaultDomain(defaultDomain: string, name: string): string {
  return `${name}.${defaultDomain.slice(defaultDomain.indexOf('.') + 1)}`;
}

/** The organization's app whose id or name is `idOrName` (the API has no app(id) query: one `apps` read); NOT_FOUND otherwise. */
export async function findApp(client: CertplaneClient, idOrName: string, signal?: AbortSignal): Promise<ApiApp> {
  const { apps } = await client.query<{ apps: ApiApp[] }>(`query { apps { ${APP_FIELDS} } }`, {}, signal);
  const app = apps.find((a) => a.id === idOrName) ?? apps.find((a) => a.name === idOrName);
  if (!app) throw new ApiError(`app ${idOrName} not found`, 'NOT_FOUND');
  return app;
}

export async function createApp(client: CertplaneClient, name: string, signal?: AbortSignal): Promise<ApiApp> {
  return (await client.query<{ createApp: ApiApp }>(`mutation($name: String!) { createApp(name: $name) { ${APP_FIELDS} } }`, { name }, signal)).createApp;
}

/** Renames the app in place (same id); its default domain follows. */
export async function renameApp(client: CertplaneClient, id: string, name: string, signal?: AbortSignal): Promise<ApiApp> {
  const q = `mutation($id: ID!, $name: String!) { renameApp(id: $id, name: $name) { ${APP_FIELDS} } }`;
  return (await client.query<{ renameApp: ApiApp }>(q, { id, name }, signal)).renameApp;
}

/** Deletes the app with its domains (its default domain included) and their certificates. */
export async function deleteApp(client: CertplaneClient, id: string, signal?: AbortSignal): Promise<void> {
  await client.query(`mutation($id: ID!) { deleteApp(id: $id) }`, { id }, signal);
}
