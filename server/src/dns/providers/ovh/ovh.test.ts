import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvhStandIn, type OvhStandIn } from '../../../../../test/stand-ins/ovh.js';
import { freePort } from '../../../db/embedded-postgres.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings, ProviderSettingsError } from '../../provider-kind.js';
import { createOvhProvider } from './index.js';
import { ovhKind } from './kind.js';
import { findProviderKind } from '../../registry.js';

let standIn: OvhStandIn;
let trustedBefore: https.AgentOptions['ca'];
const CREDENTIALS = { application_key: 'app-key', application_secret: 'app-secret', consumer_key: 'consumer-key' };

beforeAll(async () => {
  standIn = await startOvhStandIn({
    applicationKey: CREDENTIALS.application_key,
    applicationSecret: CREDENTIALS.application_secret,
    consumerKey: CREDENTIALS.consumer_key,
    zones: ['example.test', 'sub.example.test', 'other.test'],
  });
  // The SDK makes its requests with https.globalAgent and takes no agent of its own: trust the
  // stand-in's self-signed certificate there, for this test file's process only.
  trustedBefore = https.globalAgent.options.ca;
  https.globalAgent.options.ca = standIn.ca;
});
afterAll(async () => {
  https.globalAgent.options.ca = trustedBefore;
  await standIn.close();
});

const fromSettings = (settings: Record<string, string>) =>
  ovhKind.create(parseProviderSettings(ovhKind, { endpoint: `${standIn.url}/1.0`, ...CREDENTIALS, ...settings }));

describe('OVH provider (through the ovh SDK)', () => {
  it('keeps two values at one name, and removes one then the other, refreshing the zone after each change', async () => {
    const p = fromSettings({});
    const name = '_acme-challenge.www.example.test';
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(standIn.published('example.test', '_acme-challenge.www')).toEqual(['apex-token', 'wildcard-token']);
    expect(standIn.ttls('example.test', '_acme-challenge.www')).toEqual([60, 60]);
    await p.cleanUp(name, 'apex-token');
    expect(standIn.published('example.test', '_acme-challenge.www')).toEqual(['wildcard-token']);
    await p.cleanUp(name, 'wildcard-token');
    await p.cleanUp(name, 'wildcard-token');
    expect(standIn.txt('example.test', '_acme-challenge.www')).toEqual([]);
    expect(standIn.published('example.test', '_acme-challenge.www')).toEqual([]);
    const refreshes = standIn.requests.filter((r) => r.url === '/1.0/domain/zone/example.test/refresh');
    expect(refreshes).toHaveLength(4);
  });

  it('signs every call the way OVH checks it, after asking the API time once', () => {
    const calls = standIn.requests.filter((r) => r.url !== '/1.0/auth/time');
    expect(calls.length).toBeGreaterThan(0);
    for (const r of calls) expect(r.headers['x-ovh-signature']).toMatch(/^\$1\$[0-9a-f]{40}$/);
    expect(standIn.requests.filter((r) => r.url === '/1.0/auth/time').length).toBeLessThanOrEqual(1);
  });

  it("keeps a customer's TXT value and its TTL at the name, and reads quoted targets", async () => {
    standIn.addRecord('other.test', { fieldType: 'TXT', subDomain: '_acme-challenge', target: '"customer-value"', ttl: 3600 });
    const p = fromSettings({});
    await p.present('_acme-challenge.other.test', 'customer-value');
    expect(standIn.txt('other.test', '_acme-challenge')).toEqual(['"customer-value"']);
    await p.present('_acme-challenge.other.test', 'challenge');
    expect(standIn.txt('other.test', '_acme-challenge')).toEqual(['"customer-value"', 'challenge']);
    expect(standIn.ttls('other.test', '_acme-challenge')).toEqual([3600, 3600]);
    await p.cleanUp('_acme-challenge.other.test', 'challenge');
    expect(standIn.published('other.test', '_acme-challenge')).toEqual(['"customer-value"']);
  });

  it('finds the zone as the longest match, and writes at its apex with an empty subDomain', async () => {
    const p = fromSettings({});
    await p.present('_acme-challenge.www.sub.example.test', 'deep');
    expect(standIn.published('sub.example.test', '_acme-challenge.www')).toEqual(['deep']);
    expect(standIn.txt('example.test', '_acme-challenge.www.sub')).toEqual([]);
    await p.present('sub.example.test', 'apex');
    expect(standIn.published('sub.example.test', '')).toEqual(['apex']);
  });

  it('says no zone holds a name outside the account (noZone, not retryable)', async () => {
    const err = await fromSettings({}).present('_acme-challenge.elsewhere.example', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ noZone: true, retryable: false, provider: 'ovh' });
  });

  it('rejects refused credentials at once, naming the setting to check', async () => {
    const cases: Array<[Record<string, string>, number, RegExp]> = [
      [{ consumer_key: 'revoked' }, 403, /refused the consumer_key \(HTTP 403: This credential is not valid\); check consumer_key/],
      [{ application_key: 'unknown' }, 403, /refused the application_key \(HTTP 403: Invalid application key\)/],
      [{ application_secret: 'wrong' }, 400, /refused the application_secret \(HTTP 400: Invalid signature\)/],
    ];
    for (const [settings, status, message] of cases) {
      const err = await fromSettings(settings).verify!().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DnsProviderError);
      expect(err).toMatchObject({ retryable: false, status });
      expect((err as Error).message).toMatch(message);
    }
  });

  it('turns a 429 into a retryable error with a wait (the SDK hides Retry-After: a minute)', async () => {
    const p = fromSettings({});
    await p.verify!();
    standIn.rateLimit(1);
    const err = await p.present('_acme-challenge.limited.example.test', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 60_000 });
  });

  it('refreshes a zone whose refresh was rate limited at the next call, though nothing else changes', async () => {
    const p = fromSettings({});
    await p.present('_acme-challenge.late.example.test', 'v');
    const refreshUrl = '/1.0/domain/zone/example.test/refresh';
    const before = standIn.requests.filter((r) => r.url === refreshUrl).length;
    // The record POST succeeds; the refresh after it is answered 429.
    standIn.rateLimit(1, (r) => r.url === refreshUrl);
    await expect(p.present('_acme-challenge.late.example.test', 'w')).rejects.toMatchObject({ status: 429, retryable: true });
    expect(standIn.published('example.test', '_acme-challenge.late')).toEqual(['v']);
    await p.present('_acme-challenge.late.example.test', 'w');
    expect(standIn.published('example.test', '_acme-challenge.late')).toEqual(['v', 'w']);
    // One refresh refused, one applied at the retry.
    expect(standIn.requests.filter((r) => r.url === refreshUrl).length).toBe(before + 2);
  });

  it('marks an unreachable API as retryable', async () => {
    const err = await fromSettings({ endpoint: `https://127.0.0.1:${await freePort()}/1.0` }).verify!().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toMatch(/unreachable while trying to list zones: \[OVH\] Unable to fetch OVH API time/);
  });

  it('takes a region name or an https endpoint, and refuses a plain http one', () => {
    expect(createOvhProvider({ applicationKey: 'k', applicationSecret: 's', consumerKey: 'c', region: 'ovh-ca' }).name).toBe('ovh');
    expect(() => createOvhProvider({ applicationKey: 'k', applicationSecret: 's', consumerKey: 'c', region: 'mars' })).toThrow(/region must be one of/);
    const err = (() => {
      try {
        fromSettings({ endpoint: 'http://127.0.0.1:1/1.0' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ProviderSettingsError);
    expect(err).toMatchObject({ setting: 'endpoint' });
  });

  it('is a registered provider kind', () => {
    expect(findProviderKind('ovh')).toBe(ovhKind);
  });
});
