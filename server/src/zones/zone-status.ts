import type { ZoneProof } from '../db/entities.js';

/**
 * A zone's status after a look at its DNS, and when the background check looks next: pure functions of
 * (zone, what was seen, now), with the schedule's constants in one place.
 */

export const ZoneStatus = {
  /** Imported; control not proven yet (or proven by another organization since). */
  PENDING_VERIFICATION: 'PENDING_VERIFICATION',
  /** Control proven by the TXT record or by delegation to the platform's nameservers. */
  VERIFIED: 'VERIFIED',
} as const;
export type ZoneStatus = (typeof ZoneStatus)[keyof typeof ZoneStatus];

/** First wait between background checks of a pending zone; doubles after each check... */
export const ZONE_CHECK_FIRST_MS = 60_000;
/** ...up to this. */
export const ZONE_CHECK_MAX_MS = 3_600_000;
/** Background checks stop this long after they started (import, or a verifyZone after they had stopped). */
export const ZONE_CHECK_WINDOW_MS = 7 * 86_400_000;

/**
 * When the background check after the `checkCount`-th check of a window runs: 1 min * 2^(checkCount-1)
 * (1, 2, 4, ... 32 min), capped at 1 h; null when that is past the window (checks stop).
 */
export function nextZoneCheck(checkCount: number, checksStartedAt: Date, now: Date): Date | null {
  const delay = Math.min(ZONE_CHECK_FIRST_MS * 2 ** Math.min(Math.max(checkCount - 1, 0), 30), ZONE_CHECK_MAX_MS);
  const at = now.getTime() + delay;
  return at > checksStartedAt.getTime() + ZONE_CHECK_WINDOW_MS ? null : new Date(at);
}

/** What one look at the zone's DNS found: the proof seen (TXT first), or why none counts. */
export interface ZoneProofSeen {
  by: ZoneProof | null;
  /** What was seen, in words (which server lacks the value, whose nameservers the zone names...). */
  detail: string;
}

export interface ZoneCheckDecision {
  status: ZoneStatus;
  verifiedBy: ZoneProof | null;
  message: string;
  /** The next background check; null: none (verified, or the window is over). */
  nextCheckAt: Date | null;
  /** The zone is VERIFIED in another organization and moves here: that one goes back to pending. */
  takesOver: boolean;
}

export interface ZoneCheckInput {
  name: string;
  /** Checks of the window, this one included. */
  checkCount: number;
  checksStartedAt: Date;
  /** The record to create, in words, for messages. */
  howTo: string;
  /** Another organization holds the zone VERIFIED. */
  verifiedElsewhere: boolean;
}

/**
 * The zone after a check. The TXT value is the claimant's own, so it proves control even of a zone
 * verified in another organization (which moves here). Delegation to the platform's nameservers is the
 * same for every organization: it verifies a zone nobody holds, never moves one.
 */
export function decideAfterCheck(zone: ZoneCheckInput, seen: ZoneProofSeen, now: Date): ZoneCheckDecision {
  if (seen.by === 'txt' || (seen.by === 'ns' && !zone.verifiedElsewhere)) {
    const how = seen.by === 'txt' ? 'its TXT record' : "its delegation to the platform's nameservers";
    return { status: ZoneStatus.VERIFIED, verifiedBy: seen.by, message: `control of ${zone.name} proven by ${how}: ${seen.detail}`, nextCheckAt: null, takesOver: zone.verifiedElsewhere };
  }
  const next = nextZoneCheck(zone.checkCount, zone.checksStartedAt, now);
  const why =
    seen.by === 'ns'
      ? `${zone.name} is delegated to the platform's nameservers, but it is verified in another organization and delegation does not tell organizations apart: ${zone.howTo}`
      : `not proven yet (${seen.detail}): ${zone.howTo}`;
  const when = next
    ? `; certplane looks again at ${next.toISOString()}, or now with verifyZone`
    : `; certplane stopped looking after ${ZONE_CHECK_WINDOW_MS / 86_400_000} days without proof: call verifyZone once the record is there (checks start again)`;
  return { status: ZoneStatus.PENDING_VERIFICATION, verifiedBy: null, message: why + when, nextCheckAt: next, takesOver: false };
}

/** The message of a zone that another organization took over with its own TXT record. */
export const takenOverMessage = (name: string, now: Date) =>
  `another organization proved control of ${name} with its own TXT record at ${now.toISOString()}, so the zone is verified there now; to take it back, prove control again (remove the other value, then verifyZone)`;
