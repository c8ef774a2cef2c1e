import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { recordsRemoved } from '../../certificates/lifecycle.js';
import { assertPayload } from '../payloads.js';
import { withRecordLock } from '../../dns/record-lock.js';

/** Removes challenge TXT values; a provider error throws so graphile-worker retries with backoff. */
export function createDnsCleanupTask(ctx: AppContext): Task {
  return async (payload) => {
    const { certificateId, records } = assertPayload('dns_cleanup', payload, ['certificateId']);
    if (!Array.isArray(records)) throw new Error('dns_cleanup: payload.records missing');
    if (!ctx.dnsProvider) return;
    const provider = ctx.dnsProvider;
    for (const r of records) await withRecordLock(ctx.locks, r.name, () => provider.cleanUp(r.name, r.value));
    await recordsRemoved(ctx.db.manager, certificateId, records.map((r) => r.name));
  };
}
