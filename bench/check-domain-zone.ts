/**
 * The DNS the check-domain bench looks at: one PowerDNS zone per shape of customer DNS, N host names
 * spread over them in turn, and the platform's own zone holding its CNAME target.
 */
import type { PdnsApi, PdnsRecord } from '../test/helpers/pdns.js';

/** The platform's CNAME target (CERTPLANE_PLATFORM_TARGETS lists it and 127.0.0.1, as test/check-domain.test.ts). */
export const EDGE = 'edge.platform.test';
export const PLATFORM_TARGETS = [EDGE, '127.0.0.1'];
/** The CA identity a CAA record must name: the default directory (letsencrypt-staging) gives letsencrypt.org. */
export const CAA_IDENTITIES = ['letsencrypt.org'];

/** The ownership TXT record's name and accepted values (as addDomain's dnsRequirements.ownership gives them). */
export interface Ownership {
  name: string;
  orgValue: string;
  appValue: string;
}

export interface Shape {
  name: string;
  zone: string;
  /** What the customer's DNS holds, in words (for the report). */
  dns: string;
  /** Records at the zone apex. */
  apex: PdnsRecord[];
  /** Records of one host name of this shape. */
  records(host: string, ownership: Ownership): PdnsRecord[];
  /** What a check must find: dnsConfigured, ownershipTxtConfigured and the validation error codes (sorted). */
  expect: { dnsConfigured: boolean; ownershipTxtConfigured: boolean; codes: string[] };
}

const cname = (host: string): PdnsRecord => ({ name: host, type: 'CNAME', content: `${EDGE}.` });

export const SHAPES: Shape[] = [
  {
    name: 'cname',
    zone: 'cname.test',
    dns: `CNAME to ${EDGE}`,
    apex: [],
    records: (host) => [cname(host)],
    expect: { dnsConfigured: true, ownershipTxtConfigured: false, codes: [] },
  },
  {
    name: 'a-record',
    zone: 'arecord.test',
    dns: 'A 203.0.113.9 where the CNAME is expected',
    apex: [],
    records: (host) => [{ name: host, type: 'A', content: '203.0.113.9' }],
    expect: { dnsConfigured: false, ownershipTxtConfigured: false, codes: ['CnameExpected'] },
  },
  {
    name: 'caa',
    zone: 'caa.test',
    dns: `CNAME to ${EDGE}; CAA 0 issue "other-ca.example" at the zone`,
    apex: [{ name: 'caa.test', type: 'CAA', content: '0 issue "other-ca.example"' }],
    records: (host) => [cname(host)],
    expect: { dnsConfigured: true, ownershipTxtConfigured: false, codes: ['CaaForbidsIssuer'] },
  },
  {
    name: 'ownership',
    zone: 'owned.test',
    dns: `CNAME to ${EDGE}; ownership TXT (organization value)`,
    apex: [],
    records: (host, own) => [cname(host), { name: own.name, type: 'TXT', content: own.orgValue }],
    expect: { dnsConfigured: true, ownershipTxtConfigured: true, codes: [] },
  },
  {
    name: 'nxdomain',
    zone: 'nx.test',
    dns: 'nothing: NXDOMAIN in an existing zone',
    apex: [],
    records: () => [],
    expect: { dnsConfigured: false, ownershipTxtConfigured: false, codes: ['NxDomain'] },
  },
];

export interface BenchDomain {
  /** Index in the run (0-based); shape = SHAPES[index % SHAPES.length]. */
  index: number;
  host: string;
  shape: Shape;
  /** Set once added through addDomain. */
  id?: string;
  ownership?: Ownership;
}

/** `count` host names, `d<i>.<zone>`, the shapes in turn; `prefix` tells apart the warm-up names. */
export function benchDomains(count: number, prefix = 'd'): BenchDomain[] {
  return Array.from({ length: count }, (_, index) => {
    const shape = SHAPES[index % SHAPES.length];
    return { index, host: `${prefix}${index}.${shape.zone}`, shape };
  });
}

/** Creates the platform's zone and one zone per shape holding `domains`' records (one API call per zone). */
export async function createZones(dns: PdnsApi, domains: BenchDomain[], ownershipOf: (host: string) => Ownership): Promise<void> {
  await dns.createZone('platform.test', [{ name: EDGE, type: 'A', content: '127.0.0.1' }]);
  for (const shape of SHAPES) {
    const records = domains.filter((d) => d.shape === shape).flatMap((d) => shape.records(d.host, ownershipOf(d.host)));
    await dns.createZone(shape.zone, [...shape.apex, ...records]);
  }
}

/** What a check found, reduced to what the shapes promise. */
export interface Verdict {
  dnsConfigured: boolean;
  ownershipTxtConfigured: boolean;
  codes: string[];
}

export const verdictOf = (r: { dnsConfigured: boolean; ownershipTxtConfigured: boolean; validationErrors: Array<{ code: string }> }): Verdict => ({
  dnsConfigured: r.dnsConfigured,
  ownershipTxtConfigured: r.ownershipTxtConfigured,
  codes: r.validationErrors.map((e) => e.code).sort(),
});

export const sameVerdict = (a: Verdict, b: Verdict) => a.dnsConfigured === b.dnsConfigured && a.ownershipTxtConfigured === b.ownershipTxtConfigured && a.codes.join() === b.codes.join();
