import { describe, expect, it } from 'vitest';
import { failureBackoffMs, renewalTime } from './renewal.js';

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

describe('failureBackoffMs', () => {
  it.each([
    ['no failure means no wait', 0, 0],
    ['the first failure waits the initial hour', 1, H],
    ['each further failure doubles the wait', 3, 4 * H],
    ['the wait is capped at 32 hours', 10, 32 * H],
  ])('%s', (_name, attempts, expected) => {
    expect(failureBackoffMs(attempts)).toBe(expected);
  });
});
