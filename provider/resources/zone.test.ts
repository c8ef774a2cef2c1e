import { describe, expect, it } from 'vitest';
import type { CertplaneClient } from '../client.js';
import { Diagnostics } from '../framework/diagnostics.js';
import { planResourceChange } from '../framework/plan.js';
import { Unknown, type TfObject } from '../protocol/values.js';
import type { ApiZone } from './zone-api.js';
import { checkDelay, waitForVerification, type WaitClock } from './zone-wait.js';
import { zoneResource as R } from './zone.js';

/** certplane_zone without an API: its plans, its validation, and how apply paces its checks. */
const config = (name: string, extra: TfObject = {}): TfObject => ({
  ...Object.fromEntries(Object.keys(R.schema.block.attributes).map((k) => [k, null])),
  timeouts: null,
  name,
  ...extra,
});
const stateOf = (cfg: TfObject, status = 'PENDING_VERIFICATION'): TfObject => ({
  ...cfg,
  wait_for_verification: cfg.wait_for_verification ?? false,
  id: 'z1',
  status,
  status_message: status === 'VERIFIED' ? 'control of example.com proven by TXT' : 'waiting for proof of control',
  verification_record_name: '_certplane-zone.example.com',
  verification_record_type: 'TXT',
  verification_record_value: 'certplane-zone-abc',
  nameservers: [],
  verified_at: status === 'VERIFIED' ? '2026-11-29T00:00:00.000Z' : null,
  verified_by: status === 'VERIFIED' ? 'TXT' : null,
});
/** Terraform's proposal: the configuration over the prior state's computed values. */
const plan = (prior: TfObject | null, cfg: TfObject) => {
  const proposed = prior ? { ...prior, ...Object.fromEntries(Object.entries(cfg).filter(([, v]) => v !== null)) } : cfg;
  return planResourceChange(R, prior, proposed, cfg);
};

describe('plans', () => {
  it("shows a new zone's verification record name and type; its value and status are known after apply", () => {
    const { planned } = plan(null, config('Example.COM.'));
    expect(planned).toMatchObject({ name: 'Example.COM.', wait_for_verification: false, verification_record_name: '_certplane-zone.example.com', verification_record_type: 'TXT' });
    for (const a of ['id', 'status', 'verification_record_value', 'nameservers', 'verified_at']) expect(planned![a]).toBeInstanceOf(Unknown);
  });

  it('plans nothing for an unchanged configuration, verified or not, when it does not wait', () => {
    const cfg = config('example.com');
    for (const status of ['PENDING_VERIFICATION', 'VERIFIED']) expect(plan(stateOf(cfg, status), cfg).planned).toEqual(stateOf(cfg, status));
  });

  it('plans an update that checks again while a zone that waits for verification is pending', () => {
    const cfg = config('example.com', { wait_for_verification: true });
    const { planned, requiresReplace } = plan(stateOf(config('example.com')), cfg);
    expect(requiresReplace).toEqual([]);
    expect(planned!.wait_for_verification).toBe(true);
    for (const a of ['status', 'status_message', 'verified_at', 'verified_by']) expect(planned![a]).toBeInstanceOf(Unknown);
    expect(planned!.verification_record_value).toBe('certplane-zone-abc');
  });

  it('plans nothing more for a verified zone that waits', () => {
    const cfg = config('example.com', { wait_for_verification: true });
    expect(plan(stateOf(cfg, 'VERIFIED'), cfg).planned).toEqual(stateOf(cfg, 'VERIFIED'));
  });

  it('respells the name in place, and replaces the zone for another name', () => {
    const prior = stateOf(config('example.com'));
    expect(plan(prior, config('EXAMPLE.com.')).requiresReplace).toEqual([]);
    expect(plan(prior, config('example.org')).requiresReplace).toEqual([['name']]);
  });
});

describe('validation', () => {
  it.each([
    ['a wildcard', config('*.example.com'), ['name']],
    ['no domain name', config('not a zone'), ['name']],
    ['a timeout that is no duration', config('example.com', { timeouts: { create: 'soon', update: null } }), ['timeouts', 'create']],
  ])('points at the attribute for %s', (_name, cfg, path) => {
    const diags = new Diagnostics();
    R.validate!(cfg, diags);
    expect(diags.items.map((d) => d.path)).toEqual([path]);
  });
});

describe('waiting for verification', () => {
  it.each([
    [1, 60_000, 1_000],
    [2, 60_000, 2_000],
    [5, 60_000, 16_000],
    [6, 60_000, 30_000],
    [20, 60_000, 30_000],
    [6, 4_000, 4_000],
    [1, -5, 0],
  ])('after check %i with %i ms left, pauses %i ms', (attempt, left, delay) => {
    expect(checkDelay(attempt, left)).toBe(delay);
  });

  const zone = (status: ApiZone['status']): ApiZone => ({
    id: 'z1',
    name: 'example.com',
    status,
    statusMessage: status === 'VERIFIED' ? 'proven' : 'no TXT record yet',
    verificationRecord: { name: '_certplane-zone.example.com', type: 'TXT', value: 'v' },
    nameservers: [],
    verifiedAt: null,
    verifiedBy: null,
  });
  /** A client whose verifyZone answers `statuses` in turn, and a clock that only moves when slept. */
  function fakes(statuses: Array<ApiZone['status']>) {
    const calls: number[] = [];
    const sleeps: number[] = [];
    let now = 0;
    const clock: WaitClock = { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
    const client = {
      query: async (q: string) => {
        expect(q).toMatch(/verifyZone/);
        calls.push(now);
        return { verifyZone: zone(statuses[Math.min(calls.length - 1, statuses.length - 1)]) };
      },
    } as unknown as CertplaneClient;
    return { client, clock, calls, sleeps };
  }

  it('checks at once, then with backoff until the zone is verified', async () => {
    const f = fakes(['PENDING_VERIFICATION', 'PENDING_VERIFICATION', 'PENDING_VERIFICATION', 'VERIFIED']);
    const out = await waitForVerification(f.client, 'z1', 60_000, new AbortController().signal, f.clock);
    expect(out).toMatchObject({ verified: true, zone: { status: 'VERIFIED' } });
    expect(f.calls).toEqual([0, 1_000, 3_000, 7_000]);
  });

  it('checks a last time at the deadline, then gives the zone as it is with the reason', async () => {
    const f = fakes(['PENDING_VERIFICATION']);
    const out = await waitForVerification(f.client, 'z1', 10_000, new AbortController().signal, f.clock);
    expect(out).toMatchObject({ verified: false, why: 'it was not verified within 10 s', zone: { statusMessage: 'no TXT record yet' } });
    expect(f.calls).toEqual([0, 1_000, 3_000, 7_000, 10_000]);
  });

  it('stops when Terraform stops the provider', async () => {
    const f = fakes(['PENDING_VERIFICATION']);
    const stop = new AbortController();
    stop.abort();
    const out = await waitForVerification(f.client, 'z1', 60_000, stop.signal, f.clock);
    expect(out).toMatchObject({ verified: false, why: 'Terraform stopped the provider' });
    expect(f.calls).toEqual([0]);
  });
});
