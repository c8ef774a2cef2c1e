import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CertificateRow, type DomainRow } from '../db/entities.js';
import { lockDomain, refreshDomainStatus } from '../domains/domain-status-writer.js';
import { publish } from '../pubsub/publish.js';
import { recordEvent } from './certificate-events.js';
import { apply } from './lifecycle.js';
import { readCertificate } from './parse.js';
import type { ParsedCustomCertificate } from './custom/parse-custom-certificate.js';
import { EventType, OrderStep } from './status.js';

/**
 * The custom-certificate half of the certificate lifecycle (lifecycle.ts owns the ACME half and the one
 * `apply`): imported or replaced, activated once ownership is proven, warned about before expiry. Custom
 * certificates are never renewed by certplane (auto_renew is false); expiry is lifecycle.expireDue's.
 */

type Cert = CertificateRow;

/** Days before expiry at which a custom certificate is announced (an event, and subscribers hear of it). */
export const EXPIRY_WARNING_DAYS = [30, 14, 7, 1] as const;

export interface CustomImport {
  parsed: ParsedCustomCertificate;
  /** Seals the private key for the certificate id (the id is the key's encryption context). */
  sealKey: (certificateId: string) => Buffer;
  /** Active at once (ownership proven, or DNS points at the platform); PENDING_OWNERSHIP otherwise. */
  active: boolean;
}

/**
 * The row's fields taken from the certificate itself, in the formats ACME certificates have (issuer's
 * CN, colon-separated SHA-256 fingerprint: parse.ts readCertificate); `sans` are the names beyond the
 * hostname, as for ACME certificates.
 */
function customFields(p: ParsedCustomCertificate, sealed: Buffer, hostname: string): Partial<Cert> {
  const shown = readCertificate(p.leafPem);
  return {
    certificatePem: p.fullChainPem,
    privateKey: sealed,
    pendingKey: null,
    keyType: p.keyType,
    issuer: shown.issuer,
    serial: shown.serial,
    fingerprint: shown.fingerprint,
    notBefore: p.notBefore,
    expiresAt: p.notAfter,
    issuedAt: p.notBefore,
    expiryWarnedDays: null,
    sans: p.sans.filter((n) => n !== hostname),
    statusReason: null,
  };
}

/**
 * custom imported: the domain's custom certificate is stored (sealed key), or the one it had is replaced
 * by this newer one (same row: its log goes on). ISSUED when `active`, else PENDING_OWNERSHIP. The
 * domain's primary certificate and status follow (NOT_USED once it serves).
 */
export async function customImported(m: EntityManager, domain: DomainRow, input: CustomImport): Promise<Cert> {
  await lockDomain(m, domain.id);
  const repo = m.getRepository(CertificateRow);
  const status = input.active ? 'ISSUED' : 'PENDING_OWNERSHIP';
  const p = input.parsed;
  const what = `custom certificate serial ${p.serial} issued by ${readCertificate(p.leafPem).issuer}, valid until ${p.notAfter.toISOString()} (${p.keyType})`;
  const waiting = input.active ? '' : `; it serves once the ownership TXT record is seen or DNS points at the platform`;
  const existing = await repo
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where(`c.domain_id = :d and c.source = 'CUSTOM'`, { d: domain.id })
    .getOne();
  if (existing) {
    const old = existing.serial;
    return apply(m, existing, {
      status,
      patch: customFields(p, input.sealKey(existing.id), domain.hostname),
      events: [{ type: EventType.IMPORTED, message: `${what} replaces serial ${old ?? 'unknown'}${waiting}` }],
      notify: true,
    });
  }
  const id = randomUUID();
  const cert = await repo.save(
    repo.create({
      id,
      organizationId: domain.organizationId,
      domainId: domain.id,
      source: 'CUSTOM',
      hostname: domain.hostname,
      isWildcard: domain.isWildcard,
      autoRenew: false,
      status,
      directoryUrl: '',
      orderStep: OrderStep.DONE,
      challenges: [],
      failedAttempts: 0,
      orderRetries: 0,
      orderHeld: false,
      ...customFields(p, input.sealKey(id), domain.hostname),
    }),
  );
  await recordEvent(m, cert, EventType.IMPORTED, status, `${what} imported${waiting}`);
  await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status });
  await refreshDomainStatus(m, domain.id);
  return cert;
}

/** custom activated: ownership proven (`how` says by what); the certificate serves (PENDING_OWNERSHIP -> ISSUED). */
export async function customActivated(m: EntityManager, cert: Cert, how: string): Promise<Cert> {
  return apply(m, cert, { status: 'ISSUED', patch: {}, events: [{ type: EventType.ACTIVATED, message: `active: ${how}` }] });
}

/** The warning due for a certificate expiring at `expiresAt` (the smallest threshold reached), or null. */
export function expiryWarningDue(expiresAt: Date, alreadyWarned: number | null, now: Date): number | null {
  const daysLeft = (expiresAt.getTime() - now.getTime()) / 86_400_000;
  if (daysLeft <= 0) return null; // expired: expireDue's
  const reached = EXPIRY_WARNING_DAYS.filter((d) => daysLeft <= d);
  const smallest = reached.length ? reached[reached.length - 1] : null;
  if (smallest === null || (alreadyWarned !== null && alreadyWarned <= smallest)) return null;
  return smallest;
}

/**
 * expiry warned: custom certificates that reached 30, 14, 7 or 1 days before expiry get one event per
 * threshold (a sweep; at most `limit` per call), and subscribers hear of it. certplane does not renew
 * them: the message says to import a renewed one. Uses the partial index certificates_custom_expiring.
 */
export async function warnExpiringCustom(m: EntityManager, now: Date, limit: number): Promise<number> {
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS[0] * 86_400_000);
  const rows = await m
    .getRepository(CertificateRow)
    .createQueryBuilder('c')
    .where(`c.source = 'CUSTOM' and c.status = 'ISSUED' and c.expires_at <= :horizon and c.expires_at > :now`, { horizon, now })
    // Only rows with a threshold not yet announced: the sweep never re-reads warned rows.
    .andWhere(
      `(c.expiry_warned_days is null or c.expiry_warned_days > case
         when c.expires_at <= :now::timestamptz + interval '1 day' then 1
         when c.expires_at <= :now::timestamptz + interval '7 days' then 7
         when c.expires_at <= :now::timestamptz + interval '14 days' then 14 else 30 end)`,
    )
    .orderBy('c.expires_at')
    .limit(limit)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
  let warned = 0;
  for (const cert of rows) {
    const days = expiryWarningDue(cert.expiresAt!, cert.expiryWarnedDays, now);
    if (days === null) continue;
    const left = Math.ceil((cert.expiresAt!.getTime() - now.getTime()) / 86_400_000);
    await apply(m, cert, {
      patch: { expiryWarnedDays: days },
      events: [
        {
          type: EventType.EXPIRY_WARNING,
          message: `the custom certificate (serial ${cert.serial}) expires in ${left} day(s), at ${cert.expiresAt!.toISOString()}; certplane does not renew custom certificates: import a renewed one`,
        },
      ],
      notify: true,
    });
    warned++;
  }
  return warned;
}
