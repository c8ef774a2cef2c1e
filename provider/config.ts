import { CertplaneClient } from './client.js';
import { Diagnostics } from './framework/diagnostics.js';
import type { SchemaSpec } from './framework/schema.js';
import { isUnknown, type TfObject } from './protocol/values.js';
import { PROVIDER_VERSION } from './version.js';

/** Where the control plane listens when neither `endpoint` nor CERTPLANE_ENDPOINT says. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4000';

export const providerSchema: SchemaSpec = {
  version: 0,
  block: {
    description: 'The certplane control plane: custom domains and ACME certificates.',
    attributes: {
      endpoint: {
        type: 'string',
        optional: true,
        description: `Base URL of the certplane API (or its /graphql URL). Defaults to \`CERTPLANE_ENDPOINT\`, then \`${DEFAULT_ENDPOINT}\`.`,
      },
      token: {
        type: 'string',
        optional: true,
        sensitive: true,
        description:
          'API token (`cpt_...`). Defaults to `CERTPLANE_TOKEN`. Needs `read` and `write`; add `certificates:read_private_key` to get `private_key_pem`.',
      },
    },
  },
};

export function validateProviderConfig(config: TfObject, diags: Diagnostics) {
  const endpoint = config.endpoint;
  if (typeof endpoint === 'string' && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    diags.error('Invalid endpoint', `"${endpoint}" is not an http(s) URL, e.g. https://certplane.example.com`, ['endpoint']);
  }
}

/** The API client from the provider block, with the environment as fallback; errors point at the attribute. */
export function configureClient(config: TfObject, env: NodeJS.ProcessEnv, diags: Diagnostics): CertplaneClient | undefined {
  const pick = (name: 'endpoint' | 'token', envName: string) => {
    const v = config[name];
    if (typeof v === 'string' && v !== '') return v;
    if (isUnknown(v)) return undefined;
    return env[envName] || undefined;
  };
  const endpoint = pick('endpoint', 'CERTPLANE_ENDPOINT') ?? DEFAULT_ENDPOINT;
  const token = pick('token', 'CERTPLANE_TOKEN');
  if (!token) {
    diags.error('Missing certplane API token', 'Set `token` in the provider block or the CERTPLANE_TOKEN environment variable.', ['token']);
    return undefined;
  }
  return new CertplaneClient({ endpoint, token, userAgent: `terraform-provider-certplane/${PROVIDER_VERSION}` });
}
