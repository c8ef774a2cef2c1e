import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { pdnsApi } from '../../../../test/helpers/pdns.js';
import { createDnsClient } from '../dns-client.js';
import { DiagnosisCode, diagnoseDomain, type DiagnoseOptions } from './index.js';

// The suite's PowerDNS is the resolver and the only authoritative server (ns1.<zone> is 127.0.0.1),
// so authoritative questions go to 127.0.0.1 at its port.
const pdns = inject('pdns');
const api = pdnsApi(pdns.apiUrl, pdns.apiKey);
const id = randomBytes(4).toString('hex');
const zone = `diag-${id}.test`;
const platform = `plat-${id}.test`;
const cloudflareHosted = `cf-${id}.test`;
/** A one-label zone stands in for a TLD (tldts treats an unknown TLD as a public suffix). */
const tld = `tld${id}`;
const target = `shop.${platform}`;
const acmeTarget = `acme.${platform}`;
const client = createDnsClient({ servers: [pdns.dnsAddress], timeoutMs: 500, retries: 0 });
const now = new Date('2026-01-02T03:04:05Z');

const diagnoseName = (hostname: string, o: Partial<DiagnoseOptions> = {}) =>
  diagnoseDomain({
    client,
    hostname,
    platformTargets: [target, '198.51.100.1'],
    acmeChallengeTarget: acmeTarget,
    ownership: { name: `_certplane-ownership.${hostname.replace(/^\*\./, '')}`, values: ['app-token', 'org-token'] },
    caaIdentities: ['letsencrypt.org'],
    authoritativePort: pdns.dnsPort,
    now,
    ...o,
  });

beforeAll(async () => {
  await api.createZone(platform, [
    { name: target, type: 'A', content: '198.51.100.1' },
    { name: acmeTarget, type: 'TXT', content: 'challenge' },
  ]);
  await api.createZone(zone, [
    { name: zone, type: 'CAA', content: '0 issue "letsencrypt.org"' },
    { name: `a-record.${zone}`, type: 'A', content: '203.0.113.9' },
    { name: `good.${zone}`, type: 'CNAME', content: `${target}.` },
    { name: `*.wild.${zone}`, type: 'CNAME', content: `${target}.` },
    { name: `deny.${zone}`, type: 'A', content: '198.51.100.1' },
    { name: `deny.${zone}`, type: 'CAA', content: '0 issue "other-ca.example"' },
    { name: `host.sub.${zone}`, type: 'A', content: '198.51.100.1' },
    { name: `wrong.${zone}`, type: 'A', content: '198.51.100.1' },
    { name: `_certplane-ownership.wrong.${zone}`, type: 'TXT', content: 'old-token' },
    { name: `right.${zone}`, type: 'A', content: '198.51.100.1' },
    { name: `_certplane-ownership.right.${zone}`, type: 'TXT', content: 'org-token' },
    { name: `_acme-challenge.good.${zone}`, type: 'CNAME', content: `${acmeTarget}.` },
    { name: `loop1.${zone}`, type: 'CNAME', content: `loop2.${zone}.` },
    { name: `loop2.${zone}`, type: 'CNAME', content: `loop1.${zone}.` },
  ]);
  await api.createZone(tld);
  await api.createZone(cloudflareHosted, [{ name: `www.${cloudflareHosted}`, type: 'CNAME', content: `${target}.` }]);
  await api.setRecord(cloudflareHosted, 'NS', ['ada.ns.cloudflare.com.', 'bob.ns.cloudflare.com.']);
});

describe('diagnoseDomain against PowerDNS', () => {
  it('finds nothing to fix for a CNAME to the platform with _acme-challenge delegated, and shows the records', async () => {
    const d = await diagnoseName(`good.${zone}`);
    expect(d).toMatchObject({
      checkedAt: now,
      dnsConfigured: true,
      acmeChallengeDelegated: true,
      ownershipTxtConfigured: false,
      caaAllowsIssuer: true,
      httpConfigured: false,
      alpnConfigured: false,
      validationErrors: [],
      dnsProvider: null,
    });
    expect(d.records).toEqual({
      addressName: `good.${zone}`,
      a: ['198.51.100.1'],
      aaaa: [],
      cnames: [target],
      acmeChallenge: { name: `_acme-challenge.good.${zone}`, cname: acmeTarget, txt: [], source: 'authoritative', server: pdns.dnsAddress },
      ownership: { name: `_certplane-ownership.good.${zone}`, txt: [], source: 'authoritative', server: pdns.dnsAddress },
      caa: [{ name: zone, flags: 0, tag: 'issue', value: 'letsencrypt.org' }],
      zone,
      soa: { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: expect.any(Number) },
      nameservers: [`ns1.${zone}`],
    });
  });

  it('asks to replace an A record by the CNAME the platform expects', async () => {
    const d = await diagnoseName(`a-record.${zone}`);
    expect(d.dnsConfigured).toBe(false);
    expect(d.validationErrors).toEqual([
      {
        code: DiagnosisCode.CnameExpected,
        message: `expected CNAME a-record.${zone} -> ${target}, found A 203.0.113.9`,
        fix: `remove the A record a-record.${zone} 203.0.113.9 and add CNAME a-record.${zone} -> ${target}`,
      },
    ]);
  });

  it("checks a wildcard's addresses at a probe name under it, and sees the wildcard answer for _acme-challenge", async () => {
    const d = await diagnoseName(`*.wild.${zone}`);
    expect(d).toMatchObject({ dnsConfigured: true, acmeChallengeDelegated: false });
    expect(d.records).toMatchObject({ addressName: `certplane-check.wild.${zone}`, cnames: [target], acmeChallenge: { name: `_acme-challenge.wild.${zone}` } });
    const name = `_acme-challenge.wild.${zone}`;
    expect(d.validationErrors).toEqual([
      {
        code: DiagnosisCode.AcmeChallengeConflictingCname,
        message: `expected CNAME ${name} -> ${acmeTarget}, found CNAME ${name} -> ${target} (from the wildcard record *.wild.${zone})`,
        fix: `add CNAME ${name} -> ${acmeTarget} (a record of its own overrides the wildcard *.wild.${zone} there)`,
      },
    ]);
    await api.setRecord(name, 'CNAME', [`${acmeTarget}.`]);
    expect(await diagnoseName(`*.wild.${zone}`)).toMatchObject({ dnsConfigured: true, acmeChallengeDelegated: true, validationErrors: [] });
  });

  it("reports a CAA on the name forbidding the CA, though its parent's allows it", async () => {
    const d = await diagnoseName(`deny.${zone}`);
    expect(d).toMatchObject({ dnsConfigured: true, caaAllowsIssuer: false });
    expect(d.records.caa).toEqual([{ name: `deny.${zone}`, flags: 0, tag: 'issue', value: 'other-ca.example' }]);
    expect(d.validationErrors).toEqual([
      {
        code: DiagnosisCode.CaaForbidsIssuer,
        message: `CAA deny.${zone} 0 issue "other-ca.example" allows other CAs only, not letsencrypt.org`,
        fix: `add the CAA record deny.${zone} 0 issue "letsencrypt.org"`,
      },
    ]);
  });

  it('climbs to the CAA of a parent that allows the CA', async () => {
    const d = await diagnoseName(`host.sub.${zone}`);
    expect(d).toMatchObject({ caaAllowsIssuer: true, validationErrors: [] });
    expect(d.records.caa).toEqual([{ name: zone, flags: 0, tag: 'issue', value: 'letsencrypt.org' }]);
  });

  it('reports an ownership TXT with a wrong value, and accepts the right one', async () => {
    const wrong = await diagnoseName(`wrong.${zone}`);
    expect(wrong.ownershipTxtConfigured).toBe(false);
    expect(wrong.validationErrors).toEqual([
      {
        code: DiagnosisCode.OwnershipTxtWrongValue,
        message: `TXT _certplane-ownership.wrong.${zone} has "old-token"; expected one of "app-token", "org-token"`,
        fix: `replace the TXT record _certplane-ownership.wrong.${zone} "old-token" with TXT _certplane-ownership.wrong.${zone} "app-token"`,
      },
    ]);
    const right = await diagnoseName(`right.${zone}`, { requireOwnership: true });
    expect(right).toMatchObject({ ownershipTxtConfigured: true, validationErrors: [] });
    expect(right.records.ownership).toEqual({ name: `_certplane-ownership.right.${zone}`, txt: ['org-token'], source: 'authoritative', server: pdns.dnsAddress });
  });

  it('reports a host name that does not exist, with the record to add', async () => {
    const d = await diagnoseName(`missing.${zone}`);
    expect(d).toMatchObject({ dnsConfigured: false, records: { zone, a: [], cnames: [] } });
    expect(d.validationErrors).toEqual([
      {
        code: DiagnosisCode.NxDomain,
        message: `expected CNAME missing.${zone} -> ${target}, found missing.${zone} does not exist (NXDOMAIN)`,
        fix: `add CNAME missing.${zone} -> ${target}`,
      },
    ]);
  });

  it('reports a domain nobody registered: only the TLD answers, with NXDOMAIN', async () => {
    const d = await diagnoseName(`shop.unregistered.${tld}`);
    expect(d).toMatchObject({ dnsConfigured: false, caaAllowsIssuer: true, records: { zone: null, soa: null, nameservers: [] } });
    expect(d.validationErrors).toEqual([
      {
        code: DiagnosisCode.ZoneNotFound,
        message: `no zone found for shop.unregistered.${tld}: the nearest zone is the public suffix ${tld}`,
        fix: `register the domain of shop.unregistered.${tld}, or set its nameservers at the registrar`,
      },
    ]);
  });

  it('tells a CNAME loop (PowerDNS answers it with SERVFAIL)', async () => {
    const d = await diagnoseName(`loop1.${zone}`);
    expect(d.validationErrors.map((e) => [e.code, e.fix])).toEqual([
      [DiagnosisCode.CnameLoop, `change the CNAME loop1.${zone} to point to ${target}`],
      // PowerDNS answers the CAA question at loop1 with SERVFAIL too, as a CA's resolver would.
      [DiagnosisCode.CaaLookupFailed, `fix the CNAME chain of loop1.${zone} first: CAA lookups follow it too`],
    ]);
  });

  it('recognises the DNS host, and falls back to the resolvers when its nameservers cannot be asked', async () => {
    const d = await diagnoseName(`www.${cloudflareHosted}`);
    expect(d.dnsProvider).toEqual({ id: 'cloudflare', name: 'Cloudflare' });
    expect(d.records).toMatchObject({ zone: cloudflareHosted, nameservers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] });
    expect(d.records.ownership).toMatchObject({ source: 'resolvers', server: pdns.dnsAddress });
    expect(d.validationErrors.map((e) => e.code)).toEqual([DiagnosisCode.NameserversUnreachable]);
  });

  it('does not reject when no server answers: every lookup becomes an error', async () => {
    const silent = createDnsClient({ servers: ['127.0.0.2:9'], timeoutMs: 100, retries: 0 });
    const d = await diagnoseName(`good.${zone}`, { client: silent });
    expect(d).toMatchObject({ dnsConfigured: false, caaAllowsIssuer: false, records: { zone: null, a: [] } });
    expect(d.validationErrors.map((e) => e.code)).toEqual([DiagnosisCode.DnsLookupFailed, DiagnosisCode.DnsLookupFailed, DiagnosisCode.CaaLookupFailed]);
    expect(d.validationErrors[0].message).toMatch(new RegExp(`^could not look up the zone of good\\.${zone.replace('.', '\\.')}: no DNS resolver answered SOA`));
  });

  it('answers in well under 300 ms against a local authoritative server', async () => {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const start = performance.now();
      await diagnoseName(`good.${zone}`);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(100);
    expect(times[times.length - 1]).toBeLessThan(300);
  });
});

describe('DnsClient CAA answers', () => {
  it('renders CAA data as <flags> <tag> "<value>", escaping quotes', async () => {
    await api.setRecord(`escaped.${zone}`, 'CAA', ['128 tbs "Unk\\"nown"']);
    const res = await client.query(`escaped.${zone}`, 'CAA');
    expect(res.answers).toEqual([{ name: `escaped.${zone}`, type: 'CAA', ttl: 60, data: '128 tbs "Unk\\"nown"' }]);
  });
});
