import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Row shapes of the tables created in migrations/. Columns are typed explicitly (no reliance on reflection). */

export const CERTIFICATE_SOURCES = ['ACME', 'CUSTOM'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/**
 * CUSTOM: added by an organization (addDomain). DEFAULT: an app's `<app>.<platform domain>`, made and
 * removed with its app, served by the platform certificate. PLATFORM: `*.<platform domain>`, the
 * platform organization's domain whose certificate is the platform certificate.
 */
export const DOMAIN_KINDS = ['CUSTOM', 'DEFAULT', 'PLATFORM'] as const;
export type DomainKind = (typeof DOMAIN_KINDS)[number];


@Entity('organizations')
export class OrganizationRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  /** A plan of the configured table (server/src/plans/plans.ts). */
  @Column({ type: 'text' }) plan: string;
  /** Suspended by the platform operator: its tokens stop working until it is resumed. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true }) suspendedAt: Date | null;
  /** The platform's own organization (server/src/platform/): holds the platform certificate; hidden from the operator's list, no tokens. */
  @Column({ name: 'is_platform', type: 'boolean', default: false }) isPlatform: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A platform-operator credential (`cpo_` token): manages organizations; reaches no organization's data. */
@Entity('operator_tokens')
export class OperatorTokenRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('api_tokens')
export class ApiTokenRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @Column({ type: 'text', array: true }) scopes: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
}

@Entity('apps')
export class AppRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('domains')
export class DomainRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'app_id', type: 'uuid' }) appId: string;
  @Column({ type: 'text' }) hostname: string;
  @Column({ name: 'is_wildcard', type: 'boolean' }) isWildcard: boolean;
  /** CUSTOM, DEFAULT or PLATFORM (DOMAIN_KINDS). */
  @Column({ type: 'text', default: 'CUSTOM' }) kind: DomainKind;
  @Column({ name: 'letsencrypt_enabled', type: 'boolean' }) letsencryptEnabled: boolean;
  @Column({ type: 'boolean' }) canonical: boolean;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'status_message', type: 'text', nullable: true }) statusMessage: string | null;
  @Column({ name: 'dns_checked_at', type: 'timestamptz', nullable: true }) dnsCheckedAt: Date | null;
  @Column({ name: 'dns_check_count', type: 'integer' }) dnsCheckCount: number;
  /** When a DNS check first found the hostname pointing at the platform (null: not yet). */
  @Column({ name: 'dns_verified_at', type: 'timestamptz', nullable: true }) dnsVerifiedAt: Date | null;
  /** What the last DNS check found, in words. */
  @Column({ name: 'dns_result', type: 'text', nullable: true }) dnsResult: string | null;
  /** When the ownership TXT record was first seen on the zone's authoritative servers (null: not yet). */
  @Column({ name: 'ownership_verified_at', type: 'timestamptz', nullable: true }) ownershipVerifiedAt: Date | null;
  /** The certificate an edge serves for the hostname (decided with the status; null: none valid). */
  @Column({ name: 'primary_certificate_id', type: 'uuid', nullable: true }) primaryCertificateId: string | null;
  /** When checkDomain last looked (its result, column last_check, is read and written by domains/check-domain.ts only). */
  @Column({ name: 'last_check_at', type: 'timestamptz', nullable: true }) lastCheckAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One DNS-01 challenge of an order, saved so a resumed job can clean up and re-check it. */
export interface SavedChallenge {
  identifier: string;
  authzUrl: string;
  challengeUrl: string;
  recordName: string;
  recordValue: string;
  /** Where the TXT value was written: the end of the CNAME chain at recordName (a delegated challenge); recordName when absent. */
  publishedName?: string;
  /**
   * Which provider wrote it: a dns_credentials id, 'operator' (the installation's provider; absent means
   * this too), or 'manual' (the customer creates it by hand: acme/manual-records.ts).
   */
  via?: string;
  /** When the CA's authorization expires (RFC 3339, from the authorization object). */
  expires?: string;
}

@Entity('certificates')
export class CertificateRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'domain_id', type: 'uuid' }) domainId: string;
  /** 'ACME' (ordered and renewed by certplane) or 'CUSTOM' (imported by the customer, never renewed). */
  @Column({ type: 'text' }) source: CertificateSource;
  @Column({ type: 'text' }) hostname: string;
  @Column({ type: 'text', array: true }) sans: string[];
  @Column({ name: 'is_wildcard', type: 'boolean' }) isWildcard: boolean;
  @Column({ name: 'key_type', type: 'text' }) keyType: string;
  @Column({ name: 'auto_renew', type: 'boolean' }) autoRenew: boolean;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column({ name: 'directory_url', type: 'text' }) directoryUrl: string;
  @Column({ name: 'order_url', type: 'text', nullable: true }) orderUrl: string | null;
  @Column({ name: 'order_step', type: 'text' }) orderStep: string;
  @Column({ name: 'order_started_at', type: 'timestamptz', nullable: true }) orderStartedAt: Date | null;
  @Column({ name: 'step_started_at', type: 'timestamptz', nullable: true }) stepStartedAt: Date | null;
  @Column({ type: 'jsonb' }) challenges: SavedChallenge[];
  @Column({ name: 'private_key', type: 'bytea', nullable: true, select: false }) privateKey: Buffer | null;
  /** Key of the order in flight (first issuance or renewal); becomes privateKey once issued. */
  @Column({ name: 'pending_key', type: 'bytea', nullable: true, select: false }) pendingKey: Buffer | null;
  @Column({ name: 'certificate_pem', type: 'text', nullable: true }) certificatePem: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true }) issuedAt: Date | null;
  @Column({ name: 'not_before', type: 'timestamptz', nullable: true }) notBefore: Date | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  /** The smallest of 30/14/7/1 days before expiry already announced (custom certificates); null: none yet. */
  @Column({ name: 'expiry_warned_days', type: 'integer', nullable: true }) expiryWarnedDays: number | null;
  @Column({ name: 'next_renewal_at', type: 'timestamptz', nullable: true }) nextRenewalAt: Date | null;
  @Column({ type: 'text', nullable: true }) issuer: string | null;
  @Column({ type: 'text', nullable: true }) serial: string | null;
  @Column({ type: 'text', nullable: true }) fingerprint: string | null;
  /** Consecutive failed orders (first issuance or renewals); back to 0 once one is issued. */
  @Column({ name: 'failed_attempts', type: 'integer' }) failedAttempts: number;
  /** Retryable errors within the order in flight; back to 0 when a step completes. */
  @Column({ name: 'order_retries', type: 'integer' }) orderRetries: number;
  /** When certplane next tries (a retry, a rate-limit wait, a renewal after a failure); null when nothing waits. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  /** Until when the order waits for a CA rate limit (certplane's count or the CA's Retry-After). */
  @Column({ name: 'rate_limited_until', type: 'timestamptz', nullable: true }) rateLimitedUntil: Date | null;
  /** The order waits, before reaching the CA, for something only a person can fix (a preflight check failed; statusReason says what). */
  @Column({ name: 'order_held', type: 'boolean' }) orderHeld: boolean;
  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true }) lastFailureAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revocation_reason', type: 'text', nullable: true }) revocationReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('domain_events')
export class DomainEventRow {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  /** Null once the domain is gone (a claim by another organization removes it). */
  @Column({ name: 'domain_id', type: 'uuid', nullable: true }) domainId: string | null;
  @Column({ type: 'text' }) hostname: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text' }) message: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('dns_credentials')
export class DnsCredentialsRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  /** Null: every app of the organization. */
  @Column({ name: 'app_id', type: 'uuid', nullable: true }) appId: string | null;
  /** Null: every name; else names at or under this zone. */
  @Column({ type: 'text', nullable: true }) zone: string | null;
  @Column({ type: 'text' }) provider: string;
  /** Sealed JSON of the settings (context `dns-credentials:<id>`); never selected by default. */
  @Column({ type: 'bytea', select: false }) settings: Buffer;
  @Column({ name: 'setting_names', type: 'text', array: true }) settingNames: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('certificate_events')
export class CertificateEventRow {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ name: 'certificate_id', type: 'uuid' }) certificateId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'text' }) message: string;
  /** Machine-readable reason (a retry's RetryKind), null for most events. */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('acme_accounts')
export class AcmeAccountRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'directory_url', type: 'text' }) directoryUrl: string;
  @Column({ name: 'account_url', type: 'text', nullable: true }) accountUrl: string | null;
  @Column({ name: 'account_key', type: 'bytea' }) accountKey: Buffer;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** The ways a zone's control is proven (zones.verified_by). */
export const ZONE_PROOFS = ['txt', 'ns'] as const;
export type ZoneProof = (typeof ZONE_PROOFS)[number];

/** A zone an organization claims (server/src/zones/ is its only writer). */
@Entity('zones')
export class ZoneRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  /** Normalised (lower-case ASCII, no trailing dot). */
  @Column({ type: 'text' }) name: string;
  /** 'PENDING_VERIFICATION' or 'VERIFIED' (zones/zone-status.ts). */
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'status_message', type: 'text', nullable: true }) statusMessage: string | null;
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  @Column({ name: 'verified_by', type: 'text', nullable: true }) verifiedBy: ZoneProof | null;
  /** Checks since checksStartedAt (the background schedule backs off with it). */
  @Column({ name: 'check_count', type: 'integer' }) checkCount: number;
  /** Start of the current window of background checks (import, or a verifyZone after they stopped). */
  @Column({ name: 'checks_started_at', type: 'timestamptz' }) checksStartedAt: Date;
  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true }) lastCheckedAt: Date | null;
  /** When the background check runs next; null: none is scheduled (verified, or the window is over). */
  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true }) nextCheckAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export const ENTITIES = [OrganizationRow, OperatorTokenRow, ApiTokenRow, AppRow, DomainRow, CertificateRow, CertificateEventRow, DomainEventRow, DnsCredentialsRow, AcmeAccountRow, ZoneRow];
