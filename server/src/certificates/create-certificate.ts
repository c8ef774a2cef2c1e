import type { EntityManager } from 'typeorm';
import { CertificateRow, type DomainRow } from '../db/entities.js';
import { enqueue } from '../jobs/enqueue.js';
import { conflict } from '../../../schema/errors.js';
import { recordEvent } from './certificate-events.js';
import { publish } from '../pubsub/publish.js';
import { EventType, OrderStep, type KeyType } from './status.js';

export interface NewCertificate {
  sans: string[];
  keyType: KeyType;
  autoRenew: boolean;
  directoryUrl: string;
}

const isUniqueViolation = (err: unknown, constraint: string) =>
  (err as { code?: string; constraint?: string })?.code === '23505' && (err as { constraint?: string }).constraint === constraint;

/**
 * Inserts a PENDING certificate, its first event and its order job in the caller's transaction.
 * A second active certificate for the domain is refused by the database itself (CONFLICT), so two
 * API processes racing cannot both win.
 */
export async function createCertificate(m: EntityManager, domain: DomainRow, input: NewCertificate): Promise<CertificateRow> {
  const repo = m.getRepository(CertificateRow);
  let cert: CertificateRow;
  try {
    // A savepoint keeps the caller's transaction usable after a unique violation.
    await m.query('savepoint create_certificate');
    cert = await repo.save(
      repo.create({
        organizationId: domain.organizationId,
        domainId: domain.id,
        hostname: domain.hostname,
        sans: input.sans,
        isWildcard: domain.isWildcard,
        keyType: input.keyType,
        autoRenew: input.autoRenew,
        status: 'PENDING',
        directoryUrl: input.directoryUrl,
        orderStep: OrderStep.NEW,
        challenges: [],
        failedAttempts: 0,
      }),
    );
    await m.query('release savepoint create_certificate');
  } catch (err) {
    if (isUniqueViolation(err, 'certificates_one_active_per_domain')) {
      await m.query('rollback to savepoint create_certificate');
      throw conflict(`${domain.hostname} already has an active certificate; revoke or delete it first`);
    }
    throw err;
  }
  const names = [domain.hostname, ...input.sans].join(', ');
  await recordEvent(m, cert, EventType.REQUESTED, 'PENDING', `certificate requested for ${names} (${input.keyType})`);
  await enqueue(m, 'acme_order', { certificateId: cert.id }, { jobKey: `acme_order:${cert.id}` });
  await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status: 'PENDING' });
  return cert;
}
