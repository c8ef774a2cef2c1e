import { describe, expect, it } from 'vitest';
import { checkRateLimits, LETS_ENCRYPT_LIMITS, type RateLimitUsage } from './policies.js';

const now = new Date('2026-11-23T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const H = 3600_000;
const none: RateLimitUsage = { ordersByAccount: [], issuedForSameNames: [], failuresByName: {} };
const times = (n: number, spacingMs: number, startAgoMs: number) => Array.from({ length: n }, (_, i) => ago(startAgoMs - i * spacingMs));

describe("Let's Encrypt rate limits", () => {
  it('lets an order through when nothing has happened', () => {
    expect(checkRateLimits(none, LETS_ENCRYPT_LIMITS, now)).toEqual({ ok: true });
  });

  it('lets the 300th order in 3 hours through, and holds the 301st until the oldest leaves the window', () => {
    expect(checkRateLimits({ ...none, ordersByAccount: times(299, 1000, 2 * H) }, LETS_ENCRYPT_LIMITS, now).ok).toBe(true);
    const full = times(300, 1000, 2 * H);
    const d = checkRateLimits({ ...none, ordersByAccount: full }, LETS_ENCRYPT_LIMITS, now);
    expect(d).toMatchObject({ ok: false, reason: 'OrdersPerAccount', retryAt: new Date(full[0].getTime() + 3 * H) });
  });

  it('ignores orders older than the window', () => {
    expect(checkRateLimits({ ...none, ordersByAccount: times(300, 1000, 4 * H) }, LETS_ENCRYPT_LIMITS, now).ok).toBe(true);
    expect(checkRateLimits({ ...none, ordersByAccount: times(300, 1, 3 * H + 1000) }, LETS_ENCRYPT_LIMITS, now).ok).toBe(true);
  });

  it('holds a sixth certificate for the same names within 7 days', () => {
    const five = times(5, H, 6 * 24 * H);
    const d = checkRateLimits({ ...none, issuedForSameNames: five }, LETS_ENCRYPT_LIMITS, now);
    expect(d).toMatchObject({ ok: false, reason: 'DuplicateCertificate', retryAt: new Date(five[0].getTime() + 7 * 24 * H) });
    expect(checkRateLimits({ ...none, issuedForSameNames: five.slice(1) }, LETS_ENCRYPT_LIMITS, now).ok).toBe(true);
  });

  it('holds a name with five failures in the last hour, and names it', () => {
    const d = checkRateLimits({ ...none, failuresByName: { 'ok.example.com': [], 'bad.example.com': times(5, 60_000, 30 * 60_000) } }, LETS_ENCRYPT_LIMITS, now);
    expect(d).toMatchObject({ ok: false, reason: 'FailedValidations' });
    expect(d.ok === false && d.message).toMatch(/bad\.example\.com/);
  });

  it('holds the 51st certificate under one registered domain in 7 days, naming the domain', () => {
    const fifty = times(50, H, 6 * 24 * H);
    const d = checkRateLimits({ ...none, issuedForRegisteredDomains: { 'example.com': fifty } }, LETS_ENCRYPT_LIMITS, now);
    expect(d).toMatchObject({ ok: false, reason: 'CertificatesPerRegisteredDomain', retryAt: new Date(fifty[0].getTime() + 7 * 24 * H) });
    expect(d.ok === false && d.message).toMatch(/under example\.com/);
    expect(checkRateLimits({ ...none, issuedForRegisteredDomains: { 'example.com': fifty.slice(1) } }, LETS_ENCRYPT_LIMITS, now).ok).toBe(true);
  });
});
