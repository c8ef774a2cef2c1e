import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { ZoneRow } from '../db/entities.js';
import { enqueueZoneCheck } from '../jobs/queue.js';
import { lookUpZoneProof } from './zone-proof.js';
import { zoneHowTo } from './zone-record.js';
import { decideAfterCheck, takenOverMessage, ZoneStatus, type ZoneProofSeen } from './zone-status.js';

/**
 * A check of a pending zone, from the background job or verifyZone: look at DNS (outside any
 * transaction), then record the decision (zone-status.ts) with every row of that name locked, so two
 * organizations proving the same zone at once take turns; a takeover sends the other organization's
 * zone back to pending in the same transaction. Returns the zone as written (null: deleted meanwhile).
 */
export async function checkZone(ctx: AppContext, zoneId: string, opts: { restart?: boolean } = {}): Promise<ZoneRow | null> {
  const zone = await ctx.db.getRepository(ZoneRow).findOne({ where: { id: zoneId } });
  if (!zone || zone.status === ZoneStatus.VERIFIED) return zone;
  const seen = await lookUpZoneProof(ctx, zone);
  return ctx.db.transaction((m) => zoneChecked(ctx, m, zoneId, seen, opts));
}

async function zoneChecked(ctx: AppContext, m: EntityManager, zoneId: string, seen: ZoneProofSeen, opts: { restart?: boolean }): Promise<ZoneRow | null> {
  const repo = m.getRepository(ZoneRow);
  const zone = await repo.findOne({ where: { id: zoneId } });
  if (!zone) return null;
  const sameName: Array<{ id: string; status: string }> = await m.query('select id, status from zones where name = $1 order by id for update', [zone.name]);
  const current = sameName.find((r) => r.id === zoneId);
  if (!current) return null;
  if (current.status === ZoneStatus.VERIFIED) return repo.findOneByOrFail({ id: zoneId });
  const holder = sameName.find((r) => r.id !== zoneId && r.status === ZoneStatus.VERIFIED);

  const now = ctx.now();
  // A check asked for after the background checks stopped opens a new window.
  const restart = opts.restart === true && zone.nextCheckAt === null;
  const checkCount = restart ? 1 : zone.checkCount + 1;
  const checksStartedAt = restart ? now : zone.checksStartedAt;
  const decision = decideAfterCheck({ name: zone.name, checkCount, checksStartedAt, howTo: zoneHowTo(ctx.config, zone), verifiedElsewhere: !!holder }, seen, now);
  if (decision.takesOver && holder) {
    await repo.update({ id: holder.id }, { status: ZoneStatus.PENDING_VERIFICATION, verifiedAt: null, verifiedBy: null, nextCheckAt: null, statusMessage: takenOverMessage(zone.name, now) });
    ctx.log.info('zone verified in another organization moved', { zone: zone.name, from: holder.id, to: zoneId });
  }
  await repo.update(
    { id: zoneId },
    {
      status: decision.status,
      verifiedBy: decision.verifiedBy,
      verifiedAt: decision.status === ZoneStatus.VERIFIED ? now : null,
      statusMessage: decision.message,
      checkCount,
      checksStartedAt,
      lastCheckedAt: now,
      nextCheckAt: decision.nextCheckAt,
    },
  );
  if (decision.nextCheckAt) await enqueueZoneCheck(m, zoneId, decision.nextCheckAt);
  return repo.findOneByOrFail({ id: zoneId });
}
