import { describe, expect, it } from 'vitest';
import { backoffMs, orderRetryDelayMs, renewalRetryAt, renewalTime } from './renewal.js';

const H = 3600_000;
const D = 24 * H;
const t0 = new Date('2026-11-23T00:00:00Z');

describe('renewalTime', () => {
  it.each([
    ['a 90-day classic certificate renews 30 days before expiry', 90 * D, 30 * D],
    ['a 64-day certificate (Feb 2027) renews about 21.3 days before expiry', 64 * D, (64 * D) / 3],
    ['a 45-day tlsserver certificate renews 15 days before expiry', 45 * D, 15 * D],
    ['a 160-hour shortlived certificate renews 53.3 hours before expiry', 160 * H, (160 * H) / 3],
  ])('%s', (_name, lifetime, before) => {
    const notAfter = new Date(t0.getTime() + lifetime);
    expect(notAfter.getTime() - renewalTime(t0, notAfter).getTime()).toBeCloseTo(before, -1);
  });
});

describe('backoffMs', () => {
  it.each([
    ['no failure means no wait', 0, 0],
    ['the first failure waits the initial wait', 1, H],
    ['each further failure doubles the wait', 3, 4 * H],
    ['the wait is capped', 10, 24 * H],
    ['a huge count stays capped (no overflow)', 5000, 24 * H],
  ])('%s', (_name, failures, expected) => {
    expect(backoffMs(failures, H, 24 * H)).toBe(expected);
  });
});

describe('renewalRetryAt', () => {
  const far = new Date(t0.getTime() + 30 * D);
  it.each([
    ['the first failed renewal retries after an hour', 1, far, H],
    ['the second after two hours', 2, far, 2 * H],
    ['the fifth after sixteen hours', 5, far, 16 * H],
    ['the sixth and later at most a day apart', 6, far, 24 * H],
    ['the fortieth still a day apart: one attempt a day until expiry', 40, far, 24 * H],
  ])('%s', (_name, failures, expiresAt, wait) => {
    expect(renewalRetryAt(failures, t0, expiresAt).getTime() - t0.getTime()).toBe(wait);
  });

  it('tries once more just before expiry when the next wait would pass it', () => {
    const expiresAt = new Date(t0.getTime() + 3 * H);
    expect(renewalRetryAt(10, t0, expiresAt)).toEqual(new Date(expiresAt.getTime() - 60_000));
  });

  it('keeps growing over rounds: a run of failures with an injected clock attempts at least daily until expiry', () => {
    const expiresAt = new Date(t0.getTime() + 30 * D);
    let now = t0;
    const waits: number[] = [];
    for (let n = 1; now < expiresAt; n++) {
      const next = renewalRetryAt(n, now, expiresAt);
      if (next <= now) break;
      waits.push(next.getTime() - now.getTime());
      now = next;
    }
    expect(waits.slice(0, 6)).toEqual([H, 2 * H, 4 * H, 8 * H, 16 * H, 24 * H]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(24 * H);
    expect(waits.every((w, i) => i === 0 || w >= waits[i - 1] || now >= new Date(expiresAt.getTime() - 24 * H))).toBe(true);
  });
});

describe('orderRetryDelayMs', () => {
  const mid = () => 0.5; // the middle of every jitter range
  it.each([
    ['the first retry comes after about half a second', 1, 500],
    ['the second waits the base (10 s)', 2, 10_000],
    ['then the wait doubles', 3, 20_000],
    ['and stops at 10 minutes', 10, 600_000],
  ])('%s', (_name, retries, expected) => {
    expect(orderRetryDelayMs(retries, 10_000, mid)).toBe(expected);
  });

  it('jitters the first retry between 250 and 750 ms', () => {
    expect(orderRetryDelayMs(1, 10_000, () => 0)).toBe(250);
    expect(orderRetryDelayMs(1, 10_000, () => 0.999)).toBeLessThanOrEqual(750);
    const seen = new Set(Array.from({ length: 50 }, () => orderRetryDelayMs(1, 10_000)));
    expect(seen.size).toBeGreaterThan(10); // certificates failing together do not retry together
  });

  it('jitters later retries by a quarter either way, never past the cap', () => {
    expect(orderRetryDelayMs(2, 10_000, () => 0)).toBe(7_500);
    expect(orderRetryDelayMs(2, 10_000, () => 0.999)).toBeLessThanOrEqual(12_500);
    expect(orderRetryDelayMs(20, 10_000, () => 0.999)).toBe(600_000);
  });

  it('no retry, no wait', () => {
    expect(orderRetryDelayMs(0, 10_000)).toBe(0);
  });
});
