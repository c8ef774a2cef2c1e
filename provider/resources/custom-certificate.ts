import { ProviderError, type Diagnostics } from '../framework/diagnostics.js';
import type { OperationContext, PlanInput, Resource } from '../framework/resource.js';
import { UNKNOWN, valuesEqual, type TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from './api-errors.js';
import {
  currentCustomCertificate,
  customCertificateState,
  getCustomCertificate,
  importCustomCertificate,
  type ApiCustomCertificate,
} from './custom-certificate-api.js';
import { configuredLeaf, hasPrivateKeyBlock, readCertificates, sameFingerprint } from './pem-chain.js';

const FIELDS = { certificateChainPem: 'certificate_pem', privateKeyPem: 'private_key_pem', domain: 'domain_id', NOT_FOUND: 'domain_id' };
/** Computed attributes read from the configured leaf at plan time (pem-chain.ts gives them in the API's formats). */
const FROM_LEAF = { serial: 'serial', fingerprint: 'fingerprint', not_before: 'notBefore', not_after: 'notAfter' } as const;
/** Computed attributes only the API knows for a new leaf. */
const FROM_API = ['status', 'issuer', 'key_type', 'sans'] as const;

/**
 * certplane_custom_certificate: the customer's own certificate for a domain (importCustomCertificate).
 * A domain has one custom certificate: a new chain imports in place, keeping the certificate id. The
 * configured PEM stays in state as written (the API stores the chain re-encoded and never returns the
 * key); a certificate replaced outside Terraform shows as a new serial and fingerprint.
 */
export const customCertificateResource: Resource = {
  typeName: 'certplane_custom_certificate',
  schema: {
    version: 0,
    block: {
      description:
        "Your own certificate for a certplane domain (source CUSTOM), served before any ACME certificate of the domain. It serves once the hostname points at the platform or its ownership TXT record (the domain's `ownership_record_name`) is seen; until then its status is PENDING_OWNERSHIP. certplane never renews it: change `certificate_pem` and `private_key_pem` to a newer certificate, which replaces it in place.",
      attributes: {
        id: { type: 'string', computed: true, description: 'Certificate id; the same after a replacement.' },
        domain_id: { type: 'string', required: true, forceNew: true, description: 'Domain id (`certplane_domain.<name>.id`).' },
        certificate_pem: {
          type: 'string',
          required: true,
          description:
            'The leaf certificate and its intermediates, PEM, in any order (a root and text around the blocks are dropped by the API). Kept in state as configured. A change imports the new chain in place.',
        },
        private_key_pem: {
          type: 'string',
          required: true,
          sensitive: true,
          description:
            "The leaf's unencrypted private key, PEM (PKCS#8, PKCS#1 or SEC1). certplane seals it; the provider never reads it back, so state holds the configured value. After `terraform import` it is unknown to Terraform, and the next apply imports the configured certificate and key again.",
        },
        source: { type: 'string', computed: true, description: 'Always CUSTOM.' },
        status: { type: 'string', computed: true, description: 'PENDING_OWNERSHIP until the hostname points at the platform or its ownership TXT record is seen, then ISSUED; EXPIRED after `not_after`.' },
        not_before: { type: 'string', computed: true, description: "RFC 3339 start of the leaf's validity." },
        not_after: { type: 'string', computed: true, description: "RFC 3339 end of the leaf's validity." },
        serial: { type: 'string', computed: true, description: "The leaf's serial number, lower-case hex." },
        fingerprint: { type: 'string', computed: true, description: "SHA-256 fingerprint of the leaf's DER." },
        issuer: { type: 'string', computed: true, description: "The issuer's common name." },
        key_type: { type: 'string', computed: true, description: 'Key algorithm: RSA_2048, RSA_3072, RSA_4096, ECDSA_P256 or ECDSA_P384.' },
        sans: { type: ['list', 'string'], computed: true, description: 'Names the leaf covers beyond the hostname.' },
      },
    },
  },

  validate(config: TfObject, diags: Diagnostics) {
    if (typeof config.certificate_pem === 'string' && readCertificates(config.certificate_pem).length === 0) {
      diags.error('Invalid certificate_pem', 'certificate_pem holds no readable PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----).', ['certificate_pem']);
    }
    if (typeof config.private_key_pem === 'string' && !hasPrivateKeyBlock(config.private_key_pem)) {
      diags.error('Invalid private_key_pem', 'private_key_pem holds no PEM private key (-----BEGIN PRIVATE KEY----- or the RSA / EC form).', ['private_key_pem']);
    }
  },

  modifyPlan({ prior, planned }: PlanInput) {
    const leaf =
      typeof planned.certificate_pem === 'string' && typeof planned.private_key_pem === 'string' ? configuredLeaf(planned.certificate_pem, planned.private_key_pem) : null;
    if (prior === null) {
      planned.source = 'CUSTOM';
      if (leaf) for (const [attr, field] of Object.entries(FROM_LEAF)) planned[attr] = leaf[field];
      return;
    }
    const pemChanged = !valuesEqual(prior.certificate_pem, planned.certificate_pem) || !valuesEqual(prior.private_key_pem, planned.private_key_pem);
    // A leaf other than the one certplane serves: the configuration changed, or the certificate was
    // replaced outside Terraform (then only the fingerprint differs, and this plans the import back).
    const newLeaf = leaf ? !sameFingerprint(leaf.fingerprint, prior.fingerprint) : pemChanged;
    if (newLeaf) {
      for (const [attr, field] of Object.entries(FROM_LEAF)) planned[attr] = leaf ? leaf[field] : UNKNOWN;
      for (const attr of FROM_API) planned[attr] = UNKNOWN;
    } else if (pemChanged) {
      // The same leaf imported again (another chain or spelling of it, or the key after an import).
      planned.status = UNKNOWN;
    }
  },

  async create(planned, ctx) {
    const domain = String(planned.domain_id);
    try {
      const existing = await currentCustomCertificate(ctx.client(), domain, ctx.signal);
      if (existing) {
        ctx.diags.warning(
          'Replaced the domain\'s custom certificate',
          `Domain ${domain} had a custom certificate (id ${existing.id}, serial ${existing.serial ?? 'unknown'}); this one replaces it, keeping its id. If another certplane_custom_certificate manages it, the two replace each other at every apply: use one per domain, or \`terraform import\` the existing one instead.`,
          ['domain_id'],
        );
      }
    } catch (err) {
      throw toProviderError(err, 'read the domain', FIELDS);
    }
    return customCertificateState(await importFrom(planned, ctx), planned);
  },

  async read(state, ctx) {
    try {
      return customCertificateState(await getCustomCertificate(ctx.client(), String(state.id), ctx.signal), state);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toProviderError(err, `read certificate ${String(state.id)}`);
    }
  },

  async update(_prior, planned, ctx) {
    return customCertificateState(await importFrom(planned, ctx), planned);
  },

  async delete(prior, ctx) {
    const client = ctx.client();
    try {
      // The domain's custom certificate is deleted by domain: make sure it is still this one.
      const cert = await getCustomCertificate(client, String(prior.id), ctx.signal);
      await client.query(`mutation($domain: ID!) { deleteCustomCertificate(domain: $domain) }`, { domain: cert.domain.id }, ctx.signal);
    } catch (err) {
      if (!isNotFound(err)) throw toProviderError(err, `delete custom certificate ${String(prior.id)}`);
    }
  },

  /** Import id: the certificate id. The private key stays unknown (null) until the next apply imports the configured one. */
  async importState(id, ctx) {
    let cert: ApiCustomCertificate;
    try {
      cert = await getCustomCertificate(ctx.client(), id, ctx.signal, true);
    } catch (err) {
      throw toProviderError(err, `import certificate ${id}`);
    }
    if (cert.source !== 'CUSTOM') {
      throw new ProviderError('Cannot import certplane_custom_certificate', `Certificate ${id} is an ${cert.source} certificate: manage it with certplane_certificate.`);
    }
    return customCertificateState(cert, { certificate_pem: cert.certificatePem ?? null, private_key_pem: null });
  },
};

async function importFrom(planned: TfObject, ctx: OperationContext): Promise<ApiCustomCertificate> {
  for (const attr of ['domain_id', 'certificate_pem', 'private_key_pem']) {
    if (typeof planned[attr] !== 'string') throw new ProviderError(`Missing ${attr}`, `${attr} must be known to import the certificate.`, [attr]);
  }
  try {
    return await importCustomCertificate(
      ctx.client(),
      { domain: String(planned.domain_id), certificateChainPem: String(planned.certificate_pem), privateKeyPem: String(planned.private_key_pem) },
      ctx.signal,
    );
  } catch (err) {
    throw toProviderError(err, 'import the custom certificate', FIELDS);
  }
}
