import { ProviderError } from '../framework/diagnostics.js';
import type { DataSource } from '../framework/resource.js';
import type { TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from '../resources/api-errors.js';
import { CERTIFICATE_COMPUTED, certificateState, getCertificate } from '../resources/certificate-api.js';

/** data "certplane_certificate": a certificate by id, or the newest certificate of a domain. */
export const certificateDataSource: DataSource = {
  typeName: 'certplane_certificate',
  schema: {
    version: 0,
    block: {
      description: 'Reads a certificate by `id`, or the newest certificate of `domain` (e.g. the automatic one of a domain with letsencrypt_enabled).',
      attributes: {
        id: { type: 'string', optional: true, computed: true, description: 'Certificate id.' },
        domain: { type: 'string', optional: true, computed: true, description: 'Domain id: read its newest certificate.' },
        sans: { type: ['list', 'string'], computed: true, description: 'Extra names beyond the hostname.' },
        key_type: { type: 'string', computed: true, description: 'Key algorithm.' },
        auto_renew: { type: 'bool', computed: true, description: 'Whether certplane renews it.' },
        ...CERTIFICATE_COMPUTED,
      },
    },
  },

  validate(config, diags) {
    if (config.id === null && config.domain === null) diags.error('Missing lookup key', 'Set id or domain.', ['id']);
  },

  async read(config: TfObject, ctx) {
    const client = ctx.client();
    try {
      let id = typeof config.id === 'string' ? config.id : undefined;
      if (!id) {
        const { domain } = await client.query<{ domain: { certificate: { id: string } | null } }>(
          `query($id: ID!) { domain(id: $id) { certificate { id } } }`,
          { id: config.domain },
          ctx.signal,
        );
        if (!domain.certificate) throw new ProviderError('No certificate yet', `Domain ${String(config.domain)} has no certificate yet.`, ['domain']);
        id = domain.certificate.id;
      }
      return certificateState(await getCertificate(client, id, ctx.signal, ctx.diags));
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Not found', (err as Error).message, [config.id ? 'id' : 'domain']);
      throw toProviderError(err, 'read the certificate');
    }
  },
};
