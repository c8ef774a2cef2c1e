import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../db/embedded-postgres.js';
import { GCLOUD_ERRORS, startGcloudDnsStandIn, type GcloudStandIn } from '../../../../../test/stand-ins/gcloud-dns.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings, providerSettingsFromEnv, ProviderSettingsError } from '../../provider-kind.js';
import { createProviderOfKind } from '../../registry.js';
import { gcloudKind } from './kind.js';

const EMAIL = 'certplane@proj-1.iam.gserviceaccount.com';
const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey, publicKey } = newKey();

let gcp: GcloudStandIn;
let zone: string;
let subZone: string;

/** A service account JSON key as the console gives it, with token_uri pointing at the stand-in. */
function keyJson(o: { key?: typeof privateKey; email?: string; project?: string; tokenUri?: string } = {}): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: o.project ?? 'proj-1',
    private_key_id: 'f00dfeed',
    private_key: (o.key ?? privateKey).export({ type: 'pkcs8', format: 'pem' }),
    client_email: o.email ?? EMAIL,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: o.tokenUri ?? gcp.tokenUri,
  });
}

const provider = (settings: Record<string, string> = {}) =>
  gcloudKind.create(parseProviderSettings(gcloudKind, { service_account_json: keyJson(), endpoint: gcp.endpoint, ...settings }));
const rrset = (z: string, name: string) => gcp.rrset(z, name);
const callsOf = (op: string) => gcp.calls.filter((c) => c.operation === op);

beforeAll(async () => {
  gcp = await startGcloudDnsStandIn({
    accounts: { [EMAIL]: { publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string, projects: ['proj-1'] } },
    pageSize: 2,
  });
  gcp.addZone('unrelated.test');
  zone = gcp.addZone('example.test');
  gcp.addZone('another.test');
  gcp.addZone('private.example.test', { visibility: 'private' });
  subZone = gcp.addZone('sub.example.test');
  gcp.addZone('example.test', { project: 'someone-elses-project' });
});

afterAll(async () => {
  await gcp.close();
});

describe('Google Cloud DNS provider', () => {
  it('keeps two values at one name, then cleans up one and then the other', async () => {
    const p = provider();
    const name = '_acme-challenge.two.example.test';
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(rrset(zone, name)).toEqual({ name: `${name}.`, type: 'TXT', ttl: 60, rrdatas: ['"apex-token"', '"wildcard-token"'] });
    await p.cleanUp(name, 'apex-token');
    expect(rrset(zone, name)?.rrdatas).toEqual(['"wildcard-token"']);
    await p.cleanUp(name, 'wildcard-token');
    expect(rrset(zone, name)).toBeUndefined();
    await p.cleanUp(name, 'wildcard-token');
  });

  it('mints one access token at the key’s token_uri and reuses it', async () => {
    const before = callsOf('token').length;
    const p = provider();
    await p.verify!();
    await p.present('_acme-challenge.token.example.test', 'v');
    await p.cleanUp('_acme-challenge.token.example.test', 'v');
    expect(callsOf('token').length).toBe(before + 1);
  });

  it('finds the zone as the longest match among the zones of every page, leaving private zones out', async () => {
    const before = callsOf('managedZones.list').length;
    await provider().present('_acme-challenge.www.private.example.test', 'deep');
    const listed = callsOf('managedZones.list').slice(before);
    expect(listed.map((c) => c.query.pageToken ?? null)).toEqual([null, expect.any(String), expect.any(String)]);
    expect(rrset(zone, '_acme-challenge.www.private.example.test')?.rrdatas).toEqual(['"deep"']);

    await provider().present('_acme-challenge.a.sub.example.test', 'in-sub');
    expect(rrset(subZone, '_acme-challenge.a.sub.example.test')?.rrdatas).toEqual(['"in-sub"']);
    expect(rrset(zone, '_acme-challenge.a.sub.example.test')).toBeUndefined();
  });

  it('answers noZone, not retryable, when no zone the credentials see holds the name', async () => {
    const err = await provider().present('_acme-challenge.nowhere.example', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ provider: 'gcloud', noZone: true, retryable: false });
  });

  it('refuses a key Google does not accept at verify(), not retryable, naming service_account_json', async () => {
    for (const settings of [
      { service_account_json: keyJson({ key: newKey().privateKey }) },
      { service_account_json: keyJson({ email: 'deleted@proj-1.iam.gserviceaccount.com' }) },
    ]) {
      const err = await provider(settings).verify!().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DnsProviderError);
      expect(err).toMatchObject({ retryable: false, status: 400 });
      expect((err as Error).message).toMatch(/invalid_grant: .*check service_account_json/);
    }
    gcp.failNext('managedZones.list', { status: 401, reason: 'authError', message: 'Invalid Credentials' });
    const revoked = await provider().verify!().catch((e: unknown) => e);
    expect(revoked).toMatchObject({ retryable: false, status: 401 });
    expect((revoked as Error).message).toMatch(/refused the credentials.*check service_account_json/);
  });

  it('refuses a project the service account has no role in, naming project_id', async () => {
    const err = await provider({ project_id: 'someone-elses-project' }).verify!().catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, status: 403 });
    expect((err as Error).message).toMatch(/HTTP 403 forbidden: Forbidden.*check project_id/);
  });

  it('turns a rate-limit answer into a retryable error with the wait asked, after one request (the SDK does not retry)', async () => {
    const p = provider();
    const name = '_acme-challenge.busy.example.test';
    await p.present(name, 'first');
    const before = callsOf('resourceRecordSets.list').length;
    gcp.failNext('resourceRecordSets.list', { ...GCLOUD_ERRORS.rateLimitExceeded, headers: { 'retry-after': '7' } });
    const err = await p.present(name, 'second').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect((err as Error).message).toContain('rateLimitExceeded');
    expect(callsOf('resourceRecordSets.list').length).toBe(before + 1);
    // Without Retry-After: a minute, Cloud DNS's quota window; 403 rateLimitExceeded is a rate limit too.
    gcp.failNext('changes.create', { ...GCLOUD_ERRORS.rateLimitExceeded, headers: {} });
    expect(await p.present(name, 'second').catch((e: unknown) => e)).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
    gcp.failNext('managedZones.list', { ...GCLOUD_ERRORS.rateLimitExceeded, status: 403 });
    expect(await provider().verify!().catch((e: unknown) => e)).toMatchObject({ retryable: true, status: 403 });
    gcp.failNext('changes.create', GCLOUD_ERRORS.backendError);
    expect(await p.present(name, 'second').catch((e: unknown) => e)).toMatchObject({ retryable: true, status: 503 });
    await p.present(name, 'second');
    expect(rrset(zone, name)?.rrdatas).toEqual(['"first"', '"second"']);
  });

  it('reads the set again when it changed between the read and the change (412 conditionNotMet, 409 alreadyExists: retryable), and takes one already gone as cleaned up', async () => {
    const p = provider();
    const name = '_acme-challenge.raced.example.test';
    await p.present(name, 'ours');
    gcp.beforeNext('changes.create', () => gcp.putRrset(zone, { name, type: 'TXT', ttl: 60, rrdatas: ['"ours"', '"theirs"'] }));
    const changed = await p.present(name, 'second').catch((e: unknown) => e);
    expect(changed).toMatchObject({ retryable: true, status: 412 });
    expect((changed as Error).message).toContain('conditionNotMet');

    const fresh = '_acme-challenge.raced-new.example.test';
    gcp.beforeNext('changes.create', () => gcp.putRrset(zone, { name: fresh, type: 'TXT', ttl: 300, rrdatas: ['"theirs"'] }));
    expect(await p.present(fresh, 'ours').catch((e: unknown) => e)).toMatchObject({ retryable: true, status: 409 });

    await p.present(name, 'second');
    await p.present(fresh, 'ours');
    expect(rrset(zone, name)?.rrdatas).toEqual(['"ours"', '"theirs"', '"second"']);
    expect(rrset(zone, fresh)).toEqual({ name: `${fresh}.`, type: 'TXT', ttl: 300, rrdatas: ['"theirs"', '"ours"'] });

    // Gone by the time of our deletion (404 notFound): the clean-up is done.
    const gone = '_acme-challenge.raced-gone.example.test';
    await p.present(gone, 'mine');
    gcp.beforeNext('changes.create', () => gcp.deleteRrset(zone, gone));
    await p.cleanUp(gone, 'mine');
    expect(callsOf('changes.create').at(-1)?.status).toBe(404);
    expect(rrset(zone, gone)).toBeUndefined();
  });

  it('keeps the TTL and the values a person had at the name, through present and clean-up', async () => {
    const name = '_acme-challenge.kept.example.test';
    gcp.putRrset(zone, { name, type: 'TXT', ttl: 3600, rrdatas: ['"customer-value"'] });
    const p = provider();
    await p.present(name, 'challenge');
    expect(rrset(zone, name)).toMatchObject({ ttl: 3600, rrdatas: ['"customer-value"', '"challenge"'] });
    await p.cleanUp(name, 'challenge');
    expect(rrset(zone, name)).toMatchObject({ ttl: 3600, rrdatas: ['"customer-value"'] });
  });

  it('checks the settings: a JSON service account key, and the project from the key unless project_id says otherwise', () => {
    const fail = (json: string) => {
      try {
        gcloudKind.create({ service_account_json: json });
      } catch (err) {
        return err;
      }
      return null;
    };
    expect(fail('not json')).toMatchObject({ setting: 'service_account_json', message: expect.stringMatching(/not JSON/) });
    expect(fail('{"type":"authorized_user"}')).toMatchObject({ setting: 'service_account_json', message: expect.stringMatching(/"type": "service_account"/) });
    expect(fail(JSON.stringify({ ...JSON.parse(keyJson()), private_key: 'nope' }))).toBeInstanceOf(ProviderSettingsError);
    expect(fail(JSON.stringify({ ...JSON.parse(keyJson()), project_id: undefined }))).toMatchObject({ setting: 'project_id' });
    expect(gcloudKind.create({ service_account_json: keyJson() }).name).toBe('gcloud');
  });

  it('is a registered kind, built from CERTPLANE_DNS_GCLOUD_* settings', async () => {
    const env = { CERTPLANE_DNS_GCLOUD_SERVICE_ACCOUNT_JSON: keyJson(), CERTPLANE_DNS_GCLOUD_ENDPOINT: gcp.endpoint };
    const p = createProviderOfKind('gcloud', providerSettingsFromEnv(gcloudKind, env));
    expect(p.name).toBe('gcloud');
    await p.verify!();
    expect(() => createProviderOfKind('gcloud', {})).toThrow(/needs the setting service_account_json/);
  });

  it('fails retryably and at once when the token endpoint is unreachable', async () => {
    const p = provider({ service_account_json: keyJson({ tokenUri: `http://127.0.0.1:${await freePort()}/token` }) });
    const started = Date.now();
    const err = await p.verify!().catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, provider: 'gcloud' });
    expect((err as Error).message).toMatch(/token endpoint .* unreachable: ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
