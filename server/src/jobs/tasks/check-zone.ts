import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { ZoneRow } from '../../db/entities.js';
import { checkZone } from '../../zones/zone-verification.js';
import { ZoneStatus } from '../../zones/zone-status.js';
import { assertPayload } from '../payloads.js';

/**
 * Checks a pending zone for proof of control (zones/zone-verification.ts records what it found and
 * queues the next check: 1, 2, 4 ... 60 minutes later, for 7 days). A zone deleted, verified, or whose
 * checks stopped meanwhile is left alone.
 */
export function createCheckZoneTask(ctx: AppContext): Task {
  return async (payload) => {
    const { zoneId } = assertPayload('check_zone', payload, ['zoneId']);
    const zone = await ctx.db.getRepository(ZoneRow).findOne({ where: { id: zoneId } });
    if (!zone || zone.status !== ZoneStatus.PENDING_VERIFICATION || zone.nextCheckAt === null) return;
    await checkZone(ctx, zoneId);
  };
}
