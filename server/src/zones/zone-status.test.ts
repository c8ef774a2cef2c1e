import { describe, expect, it } from 'vitest';
import { decideAfterCheck, nextZoneCheck, ZONE_CHECK_WINDOW_MS } from './zone-status.js';

const start = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const MIN = 60_000;

describe('nextZoneCheck', () => {
  it.each([
    ['after the first check, one minute later', 1, 0, MIN],
    ['after the second, two minutes', 2, 5 * MIN, 2 * MIN],
    ['after the sixth, 32 minutes', 6, 60 * MIN, 32 * MIN],
    ['after the seventh, an hour (the cap)', 7, 2 * 60 * MIN, 60 * MIN],
    ['after the hundredth, still an hour', 100, 3 * 86_400_000, 60 * MIN],
    ['with no check counted yet, one minute', 0, 0, MIN],
  ])('%s', (_behaviour, count, elapsed, wait) => {
    expect(nextZoneCheck(count, start, at(elapsed))).toEqual(at(elapsed + wait));
  });

  it('stops once the next check would fall after 7 days', () => {
    expect(nextZoneCheck(200, start, at(ZONE_CHECK_WINDOW_MS - 30 * MIN))).toBeNull();
    expect(nextZoneCheck(200, start, at(ZONE_CHECK_WINDOW_MS - 60 * MIN))).toEqual(at(ZONE_CHECK_WINDOW_MS));
  });
});

describe('decideAfterCheck', () => {
  const zone = { name: 'example.com', checkCount: 3, checksStartedAt: start, howTo: 'create the TXT record', verifiedElsewhere: false };
  const now = at(10 * MIN);

  it.each([
    ['the TXT value verifies a zone nobody holds', { ...zone }, 'txt', 'VERIFIED', false],
    ['delegation verifies a zone nobody holds', { ...zone }, 'ns', 'VERIFIED', false],
    ["the TXT value (this organization's own) takes over a zone verified elsewhere", { ...zone, verifiedElsewhere: true }, 'txt', 'VERIFIED', true],
    ['delegation does not take over a zone verified elsewhere (it is the same for every organization)', { ...zone, verifiedElsewhere: true }, 'ns', 'PENDING_VERIFICATION', false],
    ['no proof leaves the zone pending', { ...zone }, null, 'PENDING_VERIFICATION', false],
  ] as const)('%s', (_behaviour, input, by, status, takesOver) => {
    const d = decideAfterCheck(input, { by, detail: 'seen' }, now);
    expect(d).toMatchObject({ status, takesOver, verifiedBy: status === 'VERIFIED' ? by : null });
    expect(d.nextCheckAt === null).toBe(status === 'VERIFIED');
  });

  it('says when it looks again, and that it stopped after 7 days', () => {
    expect(decideAfterCheck(zone, { by: null, detail: 'TXT lacks it' }, now).message).toBe(
      `not proven yet (TXT lacks it): create the TXT record; certplane looks again at ${at(14 * MIN).toISOString()}, or now with verifyZone`,
    );
    const late = decideAfterCheck({ ...zone, checkCount: 300 }, { by: null, detail: 'TXT lacks it' }, at(ZONE_CHECK_WINDOW_MS));
    expect(late.nextCheckAt).toBeNull();
    expect(late.message).toContain('stopped looking after 7 days without proof: call verifyZone');
  });
});
