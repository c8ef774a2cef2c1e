/** Certificate states exposed by the API. */
export const CertificateStatus = {
  PENDING: 'PENDING',
  VALIDATING: 'VALIDATING',
  ISSUED: 'ISSUED',
  FAILED: 'FAILED',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
  /** A custom certificate waiting for the hostname's ownership TXT record, or for its DNS to point at the platform. */
  PENDING_OWNERSHIP: 'PENDING_OWNERSHIP',
} as const;
export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

/** States that hold a domain's ACME slot of a key family (see the partial unique index certificates_one_active_acme_per_key_family). */
export const ACTIVE_STATUSES: readonly CertificateStatus[] = ['PENDING', 'VALIDATING', 'ISSUED'];

/**
 * The only place that says which status may follow which (each edge is taken by an operation of
 * lifecycle.ts): an order starts validating (orderCreated), is issued (orderCompleted) or fails
 * (orderFailed); an issued certificate is renewed in place (ISSUED -> ISSUED), expires (expired) or is
 * revoked (revoked); a failed or expired one is ordered again by renewCertificate (retryRequested).
 * Custom certificates: PENDING_OWNERSHIP until ownership is proven (customActivated -> ISSUED), EXPIRED
 * past notAfter; importing a newer one replaces the row's certificate (customReplaced: any custom
 * status -> PENDING_OWNERSHIP or ISSUED).
 */
const ALLOWED: Record<CertificateStatus, readonly CertificateStatus[]> = {
  PENDING: ['VALIDATING', 'FAILED'],
  VALIDATING: ['ISSUED', 'FAILED'],
  ISSUED: ['REVOKED', 'EXPIRED', 'PENDING_OWNERSHIP'],
  FAILED: ['PENDING'],
  EXPIRED: ['PENDING', 'PENDING_OWNERSHIP', 'ISSUED'],
  REVOKED: [],
  PENDING_OWNERSHIP: ['ISSUED', 'EXPIRED'],
};

/** Whether `to` may follow `from` (staying in a status is always allowed). */
export function canTransition(from: CertificateStatus, to: CertificateStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** Steps of the resumable ACME order, saved on the certificate row after each one completes. */
export const OrderStep = {
  NEW: 'new',
  ORDER_CREATED: 'order_created',
  RECORDS_PUBLISHED: 'records_published',
  CHALLENGES_ACCEPTED: 'challenges_accepted',
  FINALIZED: 'finalized',
  DONE: 'done',
} as const;
export type OrderStep = (typeof OrderStep)[keyof typeof OrderStep];

/** A key type's family ('RSA' or 'ECDSA'): a domain holds one active ACME certificate per family. */
export const keyFamily = (keyType: string) => keyType.split('_')[0];

/** Key types offered to users, and the default. */
export const KEY_TYPES = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export const DEFAULT_KEY_TYPE: KeyType = 'RSA_2048';

/** Event types written to certificate_events, one per step. */
export const EventType = {
  REQUESTED: 'requested',
  ORDER_CREATED: 'order_created',
  RECORD_PUBLISHED: 'record_published',
  PROPAGATION_WAIT: 'propagation_wait',
  RECORD_VISIBLE: 'record_visible',
  CHALLENGE_ACCEPTED: 'challenge_accepted',
  VALIDATED: 'validated',
  FINALIZED: 'finalized',
  ISSUED: 'issued',
  RETRY: 'retry',
  FAILED: 'failed',
  RECORD_REMOVED: 'record_removed',
  REVOKED: 'revoked',
  RENEWAL_STARTED: 'renewal_started',
  SETTINGS_CHANGED: 'settings_changed',
  RATE_LIMITED: 'rate_limited',
  RENEWED: 'renewed',
  EXPIRED: 'expired',
  RETRY_REQUESTED: 'retry_requested',
  ACCOUNT_REGISTERED: 'account_registered',
  /** A custom certificate was imported (or replaced by a newer one). */
  IMPORTED: 'imported',
  /** A custom certificate became active: ownership proven, or DNS points at the platform. */
  ACTIVATED: 'activated',
  /** A custom certificate expires soon (30, 14, 7 and 1 days before): certplane does not renew it. */
  EXPIRY_WARNING: 'expiry_warning',
  /** The certificate became the one edges serve for its hostname (e.g. the ACME fallback after a custom one went). */
  NOW_SERVING: 'now_serving',
  /** The order was held before reaching the CA (a preflight check failed: CAA, an unanswerable challenge name). */
  PREFLIGHT_HELD: 'preflight_held',
  /** No DNS provider can write a challenge record: the customer must create it by hand (acme/manual-records.ts). */
  MANUAL_RECORDS: 'manual_records',
  /** The order's authorizations expired before it could go on; a new order started. */
  ORDER_EXPIRED: 'order_expired',
} as const;
