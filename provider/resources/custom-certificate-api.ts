import type { CertplaneClient } from '../client.js';
import type { TfObject } from '../protocol/values.js';

/** The Certificate fields certplane_custom_certificate reads, and how they map onto its attributes. */
export const CUSTOM_CERTIFICATE_FIELDS = 'id source status notBefore expiresAt serial fingerprint issuer keyType sans domain { id }';

export interface ApiCustomCertificate {
  id: string;
  source: string;
  status: string;
  notBefore: string | null;
  expiresAt: string | null;
  serial: string | null;
  fingerprint: string | null;
  issuer: string | null;
  keyType: string;
  sans: string[];
  domain: { id: string };
  /** Asked for on import only: the chain as the API stores it (leaf first, LF, roots dropped). */
  certificatePem?: string | null;
}

/**
 * The resource's state from the API. The PEM inputs are not the API's to give: `pems` (the plan or the
 * prior state) supplies them (the API re-encodes the chain and never returns the key to this provider).
 */
export function customCertificateState(c: ApiCustomCertificate, pems: TfObject): TfObject {
  return {
    id: c.id,
    domain_id: c.domain.id,
    certificate_pem: pems.certificate_pem ?? null,
    private_key_pem: pems.private_key_pem ?? null,
    source: c.source,
    status: c.status,
    not_before: c.notBefore,
    not_after: c.expiresAt,
    serial: c.serial,
    fingerprint: c.fingerprint,
    issuer: c.issuer,
    key_type: c.keyType,
    sans: c.sans,
  };
}

export async function getCustomCertificate(client: CertplaneClient, id: string, signal: AbortSignal, withPem = false): Promise<ApiCustomCertificate> {
  const q = `query($id: ID!) { certificate(id: $id) { ${CUSTOM_CERTIFICATE_FIELDS}${withPem ? ' certificatePem' : ''} } }`;
  return (await client.query<{ certificate: ApiCustomCertificate }>(q, { id }, signal)).certificate;
}

/** importCustomCertificate: stores the domain's custom certificate, or replaces the one it has (same id). */
export async function importCustomCertificate(
  client: CertplaneClient,
  input: { domain: string; certificateChainPem: string; privateKeyPem: string },
  signal: AbortSignal,
): Promise<ApiCustomCertificate> {
  const q = `mutation($input: ImportCustomCertificateInput!) { importCustomCertificate(input: $input) { ${CUSTOM_CERTIFICATE_FIELDS} } }`;
  return (await client.query<{ importCustomCertificate: ApiCustomCertificate }>(q, { input }, signal)).importCustomCertificate;
}

/** The domain's current custom certificate (id and serial), or null when it has none. */
export async function currentCustomCertificate(client: CertplaneClient, domainId: string, signal: AbortSignal): Promise<{ id: string; serial: string | null } | null> {
  const q = `query($id: ID!) { domain(id: $id) { certificates { id source serial } } }`;
  const { domain } = await client.query<{ domain: { certificates: Array<{ id: string; source: string; serial: string | null }> } }>(q, { id: domainId }, signal);
  return domain.certificates.find((c) => c.source === 'CUSTOM') ?? null;
}
