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
  orderHeld: boolean;
  domain: { id: string; hostname: string; status: DomainStatus };
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

export type DomainStatus = 'ACTION_REQUIRED' | 'CREATING' | 'IN_USE' | 'NOT_USED' | 'PENDING_DNS';

export interface DomainDetail {
  id: string;
  hostname: string;
  status: DomainStatus;
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

/** A row of the domains list. */
export interface DomainRow {
  id: string;
  hostname: string;
  status: DomainStatus;
  statusMessage: string | null;
  letsencryptEnabled: boolean;
  kind: 'CUSTOM' | 'DEFAULT' | 'PLATFORM';
  app: { name: string };
}

/** A domain's page: the row, its DNS, its certificates. */
export interface DomainPageData extends DomainRow, Pick<DomainDetail, 'actionRequired' | 'dnsRequirements'> {
  dnsCheckedAt: string | null;
  certificates: CertificateRow[];
}

export interface DomainEvent {
  id: string;
  type: string;
  message: string;
  createdAt: string;
}

export interface DomainCheck {
  checkedAt: string;
  cached: boolean;
  dnsConfigured: boolean;
  ownershipTxtConfigured: boolean;
  caaAllowsIssuer: boolean;
  validationErrors: Array<{ code: string; message: string; fix: string }>;
  domain: { id: string; status: DomainStatus; statusMessage: string | null };
}
