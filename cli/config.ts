/**
 * Where the CLI finds its server and token: CERTPLANE_ENDPOINT / CERTPLANE_TOKEN when set (they win),
 * else the file `certplane login` wrote: $XDG_CONFIG_HOME/certplane/config.json, or
 * ~/.config/certplane/config.json, mode 0600 in a directory of mode 0700.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The server the CLI talks to when nothing else says (the control plane's own default). */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4000';

export interface Credentials {
  /** Base URL of the control plane, e.g. http://127.0.0.1:4000 (GraphQL at /graphql). */
  endpoint: string;
  token?: string;
}

/** The login file's path, from $XDG_CONFIG_HOME (an absolute path) or ~/.config. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config');
  return path.join(base, 'certplane', 'config.json');
}

/** What `certplane login` saved, or {} when there is no file (a file that cannot be parsed is an error). */
export async function readSaved(file = configPath()): Promise<Partial<Credentials>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Credentials>;
    return { endpoint: typeof parsed.endpoint === 'string' ? parsed.endpoint : undefined, token: typeof parsed.token === 'string' ? parsed.token : undefined };
  } catch {
    throw new Error(`${file} is not valid JSON: run certplane login again`);
  }
}

/** Saves the endpoint and token, readable by this user only (written to a temporary file, then renamed). */
export async function saveCredentials(creds: Credentials, file = configPath()): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ endpoint: creds.endpoint, token: creds.token }, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** Endpoint and token in force: the environment's, then the login file's, then the default endpoint. */
export async function resolveCredentials(env: NodeJS.ProcessEnv = process.env): Promise<Credentials> {
  const saved = await readSaved(configPath(env));
  return {
    endpoint: env.CERTPLANE_ENDPOINT || saved.endpoint || DEFAULT_ENDPOINT,
    token: env.CERTPLANE_TOKEN || saved.token,
  };
}
