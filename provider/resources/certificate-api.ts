import type { CertplaneClient } from '../client.js';
import type { Diagnostics } from '../framework/diagnostics.js';
import type { AttributeSpec } from '../framework/schema.js';
import type { TfObject } from '../protocol/values.js';

export const KEY_TYPES = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'] as const;

export const CERTIFICATE_FIELDS = `id hostname sans keyType autoRenew status statusReason issuedAt expiresAt nextRenewalAt issuer serial fingerprint certificatePem domain { id }`;

export interface ApiCertificate {
  id: string;
  hostname: string;
  sans: string[];
  keyType: string;
  autoRenew: boolean;
  status: string;
  statusReason: string | null;
  issuedAt: string | null;
  expiresAt: string | null;
  nextRenewalAt: string | null;
  issuer: string | null;
  serial: string | null;
  fingerprint: string | null;
  certificatePem: string | null;
  privateKeyPem?: string | null;
  domain: { id: string };
}

/** Computed attributes shared by the resource and the data source. */
export const CERTIFICATE_COMPUTED: Record<string, AttributeSpec> = {
  hostname: { type: 'string', computed: true, description: "The domain's hostname, the certificate's common name." },
  status: { type: 'string', computed: true, description: 'PENDING, VALIDATING, ISSUED, FAILED, EXPIRED or REVOKED.' },
  status_reason: { type: 'string', computed: true, description: 'Why the last order failed, in words.' },
  issued_at: { type: 'string', computed: true, description: 'RFC 3339 time of issuance.' },
  expires_at: { type: 'string', computed: true, description: 'RFC 3339 expiry time.' },
  issuer: { type: 'string', computed: true, description: "Issuer's distinguished name." },
  serial: { type: 'string', computed: true, description: 'Serial number, lower-case hex.' },
  fingerprint: { type: 'string', computed: true, description: 'SHA-256 fingerprint of the leaf certificate.' },
  certificate_pem: { type: 'string', computed: true, description: 'PEM chain, leaf first.' },
  private_key_pem: {
    type: 'string',
    computed: true,
    sensitive: true,
    description: 'Private key PEM; null unless the provider token has the `certificates:read_private_key` scope.',
  },
};

export function certificateState(c: ApiCertificate): TfObject {
  return {
    id: c.id,
    domain: c.domain.id,
    hostname: c.hostname,
    sans: c.sans,
    key_type: c.keyType,
    auto_renew: c.autoRenew,
    status: c.status,
    status_reason: c.statusReason,
    issued_at: c.issuedAt,
    expires_at: c.expiresAt,
    issuer: c.issuer,
    serial: c.serial,
    fingerprint: c.fingerprint,
    certificate_pem: c.certificatePem,
    private_key_pem: c.privateKeyPem ?? null,
  };
}

/**
 * Reads a certificate with its private key when the token may; without the scope the key is null
 * and, when `diags` is given, a warning says how to get it.
 */
export async function getCertificate(client: CertplaneClient, id: string, signal?: AbortSignal, diags?: Diagnostics): Promise<ApiCertificate> {
  const { data, fieldErrors } = await client.request<{ certificate: ApiCertificate }>(
    `query($id: ID!) { certificate(id: $id) { ${CERTIFICATE_FIELDS} privateKeyPem } }`,
    { id },
    signal,
  );
  const forbidden = fieldErrors.find((e) => e.path?.at(-1) === 'privateKeyPem');
  if (forbidden && diags && data.certificate.status === 'ISSUED') {
    diags.warning(
      'private_key_pem is not readable',
      `${forbidden.message}. The certificate is managed as usual; create a token with the read, write and certificates:read_private_key scopes to get its key in Terraform.`,
      ['private_key_pem'],
    );
  }
  return data.certificate;
}
