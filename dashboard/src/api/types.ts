/** The API's types as the dashboard reads them (schema/schema.graphql). */

export type CertificateStatus = 'EXPIRED' | 'FAILED' | 'ISSUED' | 'PENDING' | 'PENDING_OWNERSHIP' | 'REVOKED' | 'VALIDATING';
export const CERTIFICATE_STATUSES: CertificateStatus[] = ['PENDING', 'VALIDATING', 'ISSUED', 'PENDING_OWNERSHIP', 'FAILED', 'EXPIRED', 'REVOKED'];
export type KeyType = 'ECDSA_P256' | 'ECDSA_P384' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096';
export const KEY_TYPES: KeyType[] = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'];
export type RevocationReason = 'UNSPECIFIED' | 'KEY_COMPROMISE' | 'AFFILIATION_CHANGED' | 'SUPERSEDED' | 'CESSATION_OF_OPERATION';
export const REVOCATION_REASONS: RevocationReason[] = ['UNSPECIFIED', 'KEY_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION'];

/** A row of the certificates list (and what a certificateStatusChanged event carries). */
export interface CertificateRow {
  id: string;
  hostname: string;
  sans: string[];
  status: CertificateStatus;
  source: 'ACME' | 'CUSTOM';
  issuer: string | null;
  keyType: KeyType;
  expiresAt: string | null;
  autoRenew: boolean;
  nextRenewalAt: string | null;
  statusReason: string | null;
  orderInFlight: boolean;
  domain: { id: string; hostname: string };
}

export interface Limits {
  plan: string;
  current: number;
  max: number | null;
  wildcardEnabled: boolean;
  autoRenewEnabled: boolean;
  manualRenewalEnabled: boolean;
}

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface DnsRecord {
  name: string;
  type: string;
  ttl: number | null;
  values: string[];
}

export interface DomainDetail {
  id: string;
  hostname: string;
  status: string;
  statusMessage: string | null;
  letsencryptEnabled: boolean;
  app: { name: string };
  actionRequired: { reason: string; message: string; since: string; records: DnsRecord[] } | null;
  dnsRequirements: {
    records: DnsRecord[];
    acmeChallenge: { name: string; target: string | null };
    ownership: { name: string; appValue: string; orgValue: string };
  };
}

export interface CertificateDetail extends CertificateRow {
  serial: string | null;
  fingerprint: string | null;
  notBefore: string | null;
  issuedAt: string | null;
  failedAttempts: number;
  nextAttemptAt: string | null;
  revokedAt: string | null;
  revocationReason: RevocationReason | null;
  domain: DomainDetail;
}

export interface CertificateEvent {
  id: string;
  type: string;
  status: CertificateStatus;
  message: string;
  createdAt: string;
}
