import type { EntityManager } from 'typeorm';
import { CertificateRow, DomainRow } from '../db/entities.js';
import { nextDomainStatus, type DomainStatus } from '../domains/status.js';
import { setDomainStatus } from '../domains/set-domain-status.js';
import { publish } from '../pubsub/publish.js';
import { recordEvent } from './certificate-events.js';
import { canTransition, type CertificateStatus } from './status.js';

export interface TransitionInput {
  status?: CertificateStatus;
  patch?: Partial<CertificateRow>;
  event: { type: string; message: string };
}

/**
 * The one writer of certificate state: updates the row, logs the event, moves the domain along,
 * and publishes (delivered on commit). Call inside a transaction.
 */
export async function transitionCertificate(m: EntityManager, cert: CertificateRow, input: TransitionInput): Promise<CertificateRow> {
  const from = cert.status as CertificateStatus;
  const to = input.status ?? from;
  if (!canTransition(from, to)) throw new Error(`certificate ${cert.id}: ${from} -> ${to} is not allowed`);
  const patch = { ...input.patch, status: to };
  await m.getRepository(CertificateRow).update({ id: cert.id }, patch);
  Object.assign(cert, patch);
  await recordEvent(m, cert, input.event.type, to, input.event.message);
  if (to !== from) {
    await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status: to });
    const domain = await m.getRepository(DomainRow).findOne({ where: { id: cert.domainId } });
    if (domain) {
      const next = nextDomainStatus(domain.status as DomainStatus, { kind: 'certificate', status: to });
      if (next) await setDomainStatus(m, domain, next, to === 'FAILED' ? `Certificate failed: ${input.event.message}` : null);
    }
  }
  return cert;
}
