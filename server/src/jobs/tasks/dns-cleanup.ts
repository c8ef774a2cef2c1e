import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { recordsRemoved } from '../../certificates/lifecycle.js';
import { assertPayload } from '../payloads.js';
import { withRecordLock } from '../../dns/record-lock.js';
import { providerVia } from '../../dns/credentials.js';

/** Removes challenge TXT values with the provider that wrote each; a provider error throws so graphile-worker retries with backoff. */
export function createDnsCleanupTask(ctx: AppContext): Task {
  return async (payload) => {
    const { certificateId, records } = assertPayload('dns_cleanup', payload, ['certificateId']);
    if (!Array.isArray(records)) throw new Error('dns_cleanup: payload.records missing');
    for (const r of records) {
      // The provider that wrote it (credentials since deleted, or no provider: nothing to remove with).
      const provider = await providerVia(ctx, r.via);
      if (provider) await withRecordLock(ctx.locks, r.name, () => provider.cleanUp(r.name, r.value));
    }
    await recordsRemoved(ctx.db.manager, certificateId, records.map((r) => r.name));
  };
}
