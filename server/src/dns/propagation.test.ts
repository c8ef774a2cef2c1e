import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { pdnsApi } from '../../../test/helpers/pdns.js';
import { createDnsClient } from './dns-client.js';
import { checkTxtPropagated, findZoneApex, NameserverCache } from './propagation.js';
import type { DnsClient } from './dns-client.js';

// PowerDNS is both the resolver and the only authoritative server: ns1.<zone> is 127.0.0.1,
// so authoritative queries go to 127.0.0.1 at PowerDNS's port.
const pdns = inject('pdns');
const api = pdnsApi(pdns.apiUrl, pdns.apiKey);
const id = randomBytes(4).toString('hex');
const zone = `prop-${id}.test`;
const delegated = `acme-${id}.test`;
const twoNs = `twons-${id}.test`;
const client = createDnsClient({ servers: [pdns.dnsAddress], timeoutMs: 500, retries: 0 });
const check = (fqdn: string, value: string) => checkTxtPropagated({ client, fqdn, value, authoritativePort: pdns.dnsPort });

beforeAll(async () => {
  await api.createZone(zone);
  await api.createZone(delegated);
  await api.createZone(twoNs, [
    { name: twoNs, type: 'NS', content: `ns1.${twoNs}.` },
    { name: twoNs, type: 'NS', content: `ns2.${twoNs}.` },
    // Loopback, but nothing listens there: this nameserver never answers.
    { name: `ns2.${twoNs}`, type: 'A', content: '127.0.0.2' },
  ]);
});

describe('checkTxtPropagated', () => {
  it('is visible when every authoritative server has the value', async () => {
    await api.setRecord(`_acme-challenge.${zone}`, 'TXT', ['other', 'token-1']);
    const r = await check(`_acme-challenge.${zone}`, 'token-1');
    expect(r).toMatchObject({ visible: true, zone, name: `_acme-challenge.${zone}`, servers: [pdns.dnsAddress] });
    expect(r.detail).toBe(`TXT _acme-challenge.${zone} is served by all 1 authoritative server(s) of ${zone}`);
  });

  it('is not visible while the name does not exist, and says which server lacks it', async () => {
    const r = await check(`_acme-challenge.missing.${zone}`, 'token-2');
    expect(r.visible).toBe(false);
    expect(r.detail).toBe(`TXT _acme-challenge.missing.${zone}: ns1.${zone} (${pdns.dnsAddress}) lacks it: NXDOMAIN`);
  });

  it('is not visible while the server holds only other values', async () => {
    await api.setRecord(`_acme-challenge.old.${zone}`, 'TXT', ['stale']);
    const r = await check(`_acme-challenge.old.${zone}`, 'fresh');
    expect(r.visible).toBe(false);
    expect(r.detail).toContain('lacks it: has "stale"');
  });

  it('follows a CNAME at the challenge name and checks the target in its own zone', async () => {
    await api.setRecord(`_acme-challenge.cname.${zone}`, 'CNAME', [`cname.${delegated}.`]);
    await api.setRecord(`cname.${delegated}`, 'TXT', ['token-3']);
    const r = await check(`_acme-challenge.cname.${zone}`, 'token-3');
    expect(r).toMatchObject({ visible: true, name: `cname.${delegated}`, zone: delegated });
    expect(r.detail).toContain(`(CNAME from _acme-challenge.cname.${zone})`);
  });

  it('is not visible when one of several nameservers does not answer, and names it', async () => {
    await api.setRecord(`_acme-challenge.${twoNs}`, 'TXT', ['token-4']);
    const r = await check(`_acme-challenge.${twoNs}`, 'token-4');
    expect(r.visible).toBe(false);
    expect(r.servers?.slice().sort()).toEqual([pdns.dnsAddress, `127.0.0.2:${pdns.dnsPort}`].sort());
    expect(r.detail).toMatch(new RegExp(`^TXT _acme-challenge\\.${twoNs}: ns2\\.${twoNs} \\(127\\.0\\.0\\.2:\\d+\\) did not answer`));
    expect(r.detail).not.toContain('ns1.');
  });
});

describe('checkTxtPropagated with a NameserverCache', () => {
  /** The suite's client, noting the type of every question asked. */
  const counting = () => {
    const asked: string[] = [];
    const c: DnsClient = { query: (name, type, server) => (asked.push(type), client.query(name, type, server)) };
    return { c, asked };
  };

  it("asks a zone's nameservers once, and again after they expire; a new NS set is then seen", async () => {
    const nameservers = new NameserverCache(300);
    const { c, asked } = counting();
    const run = (fqdn: string, value: string) => checkTxtPropagated({ client: c, fqdn, value, authoritativePort: pdns.dnsPort, nameservers });
    await api.setRecord(`_acme-challenge.a.${zone}`, 'TXT', ['va']);
    await api.setRecord(`_acme-challenge.b.${zone}`, 'TXT', ['vb']);
    expect((await run(`_acme-challenge.a.${zone}`, 'va')).visible).toBe(true);
    expect(asked).toContain('NS');
    asked.length = 0;
    const second = await run(`_acme-challenge.b.${zone}`, 'vb');
    expect(second).toMatchObject({ visible: true, servers: [pdns.dnsAddress] });
    expect(asked.filter((t) => ['NS', 'A', 'AAAA'].includes(t))).toEqual([]);

    // A second nameserver appears (one that never answers): seen once the cached set expires.
    await api.setRecord(zone, 'NS', [`ns1.${zone}.`, `ns9.${zone}.`]);
    await api.setRecord(`ns9.${zone}`, 'A', ['127.0.0.2']);
    expect((await run(`_acme-challenge.b.${zone}`, 'vb')).visible).toBe(true);
    await new Promise((r) => setTimeout(r, 350));
    const after = await run(`_acme-challenge.b.${zone}`, 'vb');
    expect(after.visible).toBe(false);
    expect(after.detail).toContain(`ns9.${zone} (127.0.0.2:${pdns.dnsPort}) did not answer`);
    await api.setRecord(zone, 'NS', [`ns1.${zone}.`]);
  });

  it('does not keep a set with a nameserver it could not resolve', async () => {
    const nameservers = new NameserverCache();
    const broken = `broken-${id}.test`;
    await api.createZone(broken, [
      { name: broken, type: 'NS', content: `ns1.${broken}.` },
      { name: broken, type: 'NS', content: `ns-missing.${broken}.` },
    ]);
    await api.setRecord(`_acme-challenge.${broken}`, 'TXT', ['v']);
    const { c, asked } = counting();
    const run = () => checkTxtPropagated({ client: c, fqdn: `_acme-challenge.${broken}`, value: 'v', authoritativePort: pdns.dnsPort, nameservers });
    await run();
    asked.length = 0;
    await run();
    expect(asked).toContain('NS');
  });
});

describe('findZoneApex', () => {
  it('finds the zone of a deep name from the SOA in the authority section', async () => {
    expect(await findZoneApex(client, `a.b.c.${zone}`)).toBe(zone);
    expect(await findZoneApex(client, zone)).toBe(zone);
  });

  it('finds nothing for a name in no zone the resolver knows', async () => {
    expect(await findZoneApex(client, `x.unknown-${id}.invalid`)).toBeNull();
  });
});
