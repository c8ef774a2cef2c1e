import type { EntityManager } from 'typeorm';
import { DomainRow } from '../db/entities.js';
import { publish } from '../pubsub/publish.js';
import type { DomainStatus } from './status.js';

/** The one writer of domain status; publishes the change (delivered on commit). */
export async function setDomainStatus(m: EntityManager, domain: DomainRow, status: DomainStatus, message: string | null): Promise<void> {
  const changed = domain.status !== status;
  await m.getRepository(DomainRow).update({ id: domain.id }, { status, statusMessage: message });
  domain.status = status;
  domain.statusMessage = message;
  if (changed) await publish(m, 'DOMAIN_STATUS_CHANGED', { organizationId: domain.organizationId, domainId: domain.id, status });
}
