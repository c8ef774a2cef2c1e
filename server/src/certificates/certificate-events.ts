import type { EntityManager } from 'typeorm';
import type { CertificateRow } from '../db/entities.js';

/** Appends one step to a certificate's log. Messages are for people and never hold key material. */
export async function recordEvent(
  m: EntityManager,
  cert: Pick<CertificateRow, 'id' | 'organizationId'>,
  type: string,
  status: string,
  message: string,
): Promise<void> {
  await m.query(
    'insert into certificate_events (certificate_id, organization_id, type, status, message) values ($1, $2, $3, $4, $5)',
    [cert.id, cert.organizationId, type, status, message],
  );
}
