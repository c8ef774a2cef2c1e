import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { CertificateRow } from '../../db/entities.js';
import { recordEvent } from '../../certificates/certificate-events.js';
import { EventType } from '../../certificates/status.js';
import { assertPayload } from '../payloads.js';
import { enqueue } from '../enqueue.js';
import type { EntityManager } from 'typeorm';
import type { SavedChallenge } from '../../db/entities.js';
import { withRecordLock } from '../../dns/record-lock.js';

/** Removes challenge TXT values; a provider error throws so graphile-worker retries with backoff. */
export function createDnsCleanupTask(ctx: AppContext): Task {
  return async (payload) => {
    const { certificateId, records } = assertPayload('dns_cleanup', payload, ['certificateId']);
    if (!Array.isArray(records)) throw new Error('dns_cleanup: payload.records missing');
    if (!ctx.dnsProvider) return;
    const provider = ctx.dnsProvider;
    for (const r of records) await withRecordLock(ctx.locks, r.name, () => provider.cleanUp(r.name, r.value));
    const cert = await ctx.db.getRepository(CertificateRow).findOne({ where: { id: certificateId } });
    if (cert) {
      await recordEvent(ctx.db.manager, cert, EventType.RECORD_REMOVED, cert.status, `TXT records removed: ${[...new Set(records.map((r) => r.name))].join(', ')}`);
    }
  };
}

/** Queues removal of an order's challenge records (no-op without any), in the caller's transaction. */
export async function enqueueChallengeCleanup(m: EntityManager, certificateId: string, challenges: SavedChallenge[]): Promise<void> {
  if (!challenges.length) return;
  await enqueue(m, 'dns_cleanup', { certificateId, records: challenges.map((c) => ({ name: c.recordName, value: c.recordValue })) });
}
