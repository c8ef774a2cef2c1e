import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../db/embedded-postgres.js';
import { ROUTE53_ERRORS, startRoute53StandIn, type Route53StandIn } from '../../../../../test/stand-ins/route53.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings, providerSettingsFromEnv, ProviderSettingsError } from '../../provider-kind.js';
import { createProviderOfKind } from '../../registry.js';
import { createRoute53Provider, type Route53ProviderOptions } from './index.js';
import { route53Kind } from './kind.js';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

let aws: Route53StandIn;
let zoneId: string;
let subZoneId: string;
let privateZoneId: string;

const provider = (o: Partial<Route53ProviderOptions> = {}) =>
  createRoute53Provider({ accessKeyId: KEY_ID, secretAccessKey: SECRET, endpoint: aws.endpoint, ...o });
const txt = (zone: string, name: string) => aws.recordSet(zone, name);
const callsOf = (op: string) => aws.calls.filter((c) => c.operation === op);

beforeAll(async () => {
  // Two zones a page, so finding a zone always reads more than one page.
  aws = await startRoute53StandIn({ keys: { [KEY_ID]: SECRET }, pageSize: 2 });
  aws.addZone('unrelated.test');
  zoneId = aws.addZone('example.test');
  aws.addZone('another.test');
  privateZoneId = aws.addZone('private.example.test', { private: true });
  subZoneId = aws.addZone('sub.example.test');
});

afterAll(async () => {
  await aws.close();
});

describe('Route 53 provider', () => {
  it('keeps two values at one name, quoted as Route 53 requires, then cleans up one and then the other', async () => {
    const p = provider();
    const name = '_acme-challenge.two.example.test';
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(txt(zoneId, name)).toEqual({ name: `${name}.`, type: 'TXT', ttl: 60, values: ['"apex-token"', '"wildcard-token"'] });
    await p.cleanUp(name, 'apex-token');
    expect(txt(zoneId, name)?.values).toEqual(['"wildcard-token"']);
    await p.cleanUp(name, 'wildcard-token');
    expect(txt(zoneId, name)).toBeUndefined();
    await p.cleanUp(name, 'wildcard-token');
  });

  it('finds the zone as the longest match among the zones of every page, leaving private zones out', async () => {
    const before = callsOf('ListHostedZones').length;
    await provider().present('_acme-challenge.www.private.example.test', 'deep');
    const listed = callsOf('ListHostedZones').slice(before);
    expect(listed.map((c) => c.query.marker ?? null)).toEqual([null, expect.any(String), expect.any(String)]);
    // private.example.test is private: the public parent zone gets the record.
    expect(txt(zoneId, '_acme-challenge.www.private.example.test')?.values).toEqual(['"deep"']);

    await provider().present('_acme-challenge.a.sub.example.test', 'in-sub');
    expect(txt(subZoneId, '_acme-challenge.a.sub.example.test')?.values).toEqual(['"in-sub"']);
    expect(txt(zoneId, '_acme-challenge.a.sub.example.test')).toBeUndefined();
  });

  it("uses private zones too when include_private_zones is 'true'", async () => {
    const p = route53Kind.create(
      parseProviderSettings(route53Kind, { access_key_id: KEY_ID, secret_access_key: SECRET, include_private_zones: 'true', endpoint: aws.endpoint }),
    );
    await p.present('_acme-challenge.in-private.private.example.test', 'v');
    expect(txt(privateZoneId, '_acme-challenge.in-private.private.example.test')?.values).toEqual(['"v"']);
    expect(txt(zoneId, '_acme-challenge.in-private.private.example.test')).toBeUndefined();
    expect(() => route53Kind.create({ access_key_id: KEY_ID, secret_access_key: SECRET, include_private_zones: 'yes' })).toThrow(ProviderSettingsError);
  });

  it('reads the one hosted zone named by hosted_zone_id instead of listing them all', async () => {
    const before = callsOf('ListHostedZones').length;
    const p = provider({ hostedZoneId: subZoneId });
    await p.verify!();
    await p.present('_acme-challenge.b.sub.example.test', 'pinned');
    expect(txt(subZoneId, '_acme-challenge.b.sub.example.test')?.values).toEqual(['"pinned"']);
    expect(callsOf('ListHostedZones').length).toBe(before);
    const outside = await p.present('_acme-challenge.example.test', 'v').catch((e: unknown) => e);
    expect(outside).toMatchObject({ noZone: true, retryable: false });
    const wrong = await provider({ hostedZoneId: 'ZNOSUCHZONE' }).verify!().catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(DnsProviderError);
    expect(wrong).toMatchObject({ retryable: false, status: 404 });
    expect((wrong as Error).message).toMatch(/NoSuchHostedZone.*check hosted_zone_id/);
  });

  it('answers noZone, not retryable, when no zone the credentials see holds the name', async () => {
    const err = await provider().present('_acme-challenge.nowhere.example', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ provider: 'route53', noZone: true, retryable: false });
  });

  it('refuses unknown keys and wrong secrets at verify(), not retryable, naming the settings to check', async () => {
    for (const [o, code] of [
      [{ accessKeyId: 'AKIAUNKNOWNKEY000000' }, 'InvalidClientTokenId'],
      [{ secretAccessKey: 'not-the-secret' }, 'SignatureDoesNotMatch'],
    ] as const) {
      const err = await provider(o).verify!().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DnsProviderError);
      expect(err).toMatchObject({ retryable: false, status: 403 });
      expect((err as Error).message).toContain(code);
      expect((err as Error).message).toMatch(/check access_key_id and secret_access_key/);
    }
    aws.failNext('ListHostedZones', ROUTE53_ERRORS.accessDenied('ListHostedZones'));
    const denied = await provider().verify!().catch((e: unknown) => e);
    expect(denied).toMatchObject({ retryable: false, status: 403 });
    expect((denied as Error).message).toMatch(/IAM policy of access_key_id must allow route53:ListHostedZones/);
  });

  it('turns a rate-limit answer into a retryable error with a wait, after one request (the SDK does not retry)', async () => {
    const p = provider();
    const name = '_acme-challenge.busy.example.test';
    await p.present(name, 'first');
    for (const [op, answer] of [
      ['ListResourceRecordSets', ROUTE53_ERRORS.throttling],
      ['ChangeResourceRecordSets', ROUTE53_ERRORS.priorRequestNotComplete],
    ] as const) {
      aws.failNext(op, answer);
      const before = callsOf(op).length;
      const err = await p.present(name, 'second').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DnsProviderError);
      expect(err).toMatchObject({ retryable: true, status: 400, retryAfterMs: 1000 });
      expect((err as Error).message).toContain(answer.code);
      expect(callsOf(op).length).toBe(before + 1);
    }
    aws.failNext('ListResourceRecordSets', { ...ROUTE53_ERRORS.throttling, headers: { 'retry-after': '3' } });
    expect(await p.present(name, 'second').catch((e: unknown) => e)).toMatchObject({ retryAfterMs: 3000 });
    await p.present(name, 'second');
    expect(txt(zoneId, name)?.values).toEqual(['"first"', '"second"']);
  });

  it('passes on a rejected change batch with its message, not retryable; a 503 is retryable', async () => {
    const message = "[RRSet of type TXT with DNS name _acme-challenge.rejected.example.test. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.test.]";
    aws.failNext('ChangeResourceRecordSets', { status: 400, code: 'InvalidChangeBatch', message });
    const err = await provider().present('_acme-challenge.rejected.example.test', 'v').catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, status: 400 });
    expect((err as Error).message).toContain(`InvalidChangeBatch: ${message}`);
    aws.failNext('ListResourceRecordSets', ROUTE53_ERRORS.serviceUnavailable);
    expect(await provider().present('_acme-challenge.rejected.example.test', 'v').catch((e: unknown) => e)).toMatchObject({ retryable: true, status: 503 });
  });

  it('keeps the TTL and the values a person had at the name, through present and clean-up', async () => {
    const name = '_acme-challenge.kept.example.test';
    aws.putRecordSet(zoneId, { name, type: 'TXT', ttl: 3600, values: ['"customer-value"'] });
    const p = provider();
    await p.present(name, 'challenge');
    expect(txt(zoneId, name)).toMatchObject({ ttl: 3600, values: ['"customer-value"', '"challenge"'] });
    await p.cleanUp(name, 'challenge');
    expect(txt(zoneId, name)).toMatchObject({ ttl: 3600, values: ['"customer-value"'] });
  });

  it('reads the set again when it changed between the read and a DELETE (retryable), and takes one already gone as cleaned up', async () => {
    const name = '_acme-challenge.raced.example.test';
    const p = provider();
    await p.present(name, 'only');
    // Someone adds a value right after our read: the DELETE of the set as read no longer matches.
    aws.beforeNext('ChangeResourceRecordSets', () => aws.putRecordSet(zoneId, { name, type: 'TXT', ttl: 60, values: ['"only"', '"theirs"'] }));
    const err = await p.cleanUp(name, 'only').catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, status: 400 });
    expect((err as Error).message).toContain('do not match the current values');
    await p.cleanUp(name, 'only');
    expect(txt(zoneId, name)?.values).toEqual(['"theirs"']);
    // Gone by the time of our DELETE ("but it was not found"): the clean-up is done.
    await p.cleanUp(name, 'theirs');
    await p.present(name, 'mine');
    aws.beforeNext('ChangeResourceRecordSets', () => aws.deleteRecordSet(zoneId, name));
    await p.cleanUp(name, 'mine');
    expect(callsOf('ChangeResourceRecordSets').at(-1)?.status).toBe(400);
    expect(txt(zoneId, name)).toBeUndefined();
  });

  it('is a registered kind, built from CERTPLANE_DNS_ROUTE53_* settings', async () => {
    const env = { CERTPLANE_DNS_ROUTE53_ACCESS_KEY_ID: KEY_ID, CERTPLANE_DNS_ROUTE53_SECRET_ACCESS_KEY: SECRET, CERTPLANE_DNS_ROUTE53_ENDPOINT: aws.endpoint };
    const p = createProviderOfKind('route53', providerSettingsFromEnv(route53Kind, env));
    expect(p.name).toBe('route53');
    await p.verify!();
    expect(() => createProviderOfKind('route53', { access_key_id: KEY_ID })).toThrow(/needs the setting secret_access_key/);
  });

  it('fails retryably and at once when the API is unreachable', async () => {
    const down = createRoute53Provider({ accessKeyId: KEY_ID, secretAccessKey: SECRET, endpoint: `http://127.0.0.1:${await freePort()}` });
    const started = Date.now();
    const err = await down.verify!().catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, provider: 'route53' });
    expect((err as Error).message).toMatch(/unreachable.*ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
