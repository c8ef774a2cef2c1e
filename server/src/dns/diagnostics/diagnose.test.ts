import { describe, expect, it } from 'vitest';
import { parseCaaData, type CaaLookup } from './caa.js';
import { DiagnosisCode } from './codes.js';
import { diagnose, type Expectations } from './diagnose.js';
import type { AddressLookup, DomainLookup, NameLookup } from './lookup.js';

const HOST = 'www.example.com';
const CNAME_TARGET = 'shop.platform.example';

const nameLookup = (name: string, o: Partial<NameLookup> = {}): NameLookup => ({
  name,
  cname: null,
  txt: [],
  rcode: 'NOERROR',
  source: 'authoritative',
  server: '192.0.2.53:53',
  error: null,
  ...o,
});

/** A healthy lookup of `hostname` (CNAME to the platform, no CAA, nothing else), with `o` changed. */
function lookup(
  o: { hostname?: string; address?: Partial<AddressLookup>; acme?: Partial<NameLookup>; ownership?: Partial<NameLookup>; caa?: CaaLookup[]; zone?: Partial<DomainLookup['zone']> } = {},
): DomainLookup {
  const hostname = o.hostname ?? HOST;
  const baseName = hostname.replace(/^\*\./, '');
  return {
    hostname,
    baseName,
    address: { name: hostname, cnames: [CNAME_TARGET], addresses: ['198.51.100.1'], rcode: 'NOERROR', failure: null, ...o.address },
    acmeChallenge: nameLookup(`_acme-challenge.${baseName}`, o.acme),
    ownership: nameLookup(`_certplane-ownership.${baseName}`, o.ownership),
    caa: o.caa ?? [
      { name: baseName, records: [] },
      { name: 'example.com', records: [] },
    ],
    zone: { zone: 'example.com', soa: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 1 }, nameservers: ['ns1.example.com'], servers: ['192.0.2.53:53'], problem: null, ...o.zone },
  };
}

const expecting = (o: Partial<Expectations> = {}): Expectations => ({
  platformTargets: [CNAME_TARGET],
  acmeChallengeTarget: 'acme.platform.example',
  ownershipValues: ['app-token', 'org-token'],
  caaIdentities: ['letsencrypt.org'],
  ...o,
});

const caaAt = (name: string, ...texts: string[]): CaaLookup => ({ name, records: texts.map((t) => parseCaaData(name, t)!) });
const errorsOf = (l: DomainLookup, e = expecting()) => diagnose(l, e).validationErrors;

describe('diagnose: the host name', () => {
  it('is configured, with no errors, when it is a CNAME to the platform', () => {
    const v = diagnose(lookup(), expecting());
    expect(v).toMatchObject({ dnsConfigured: true, caaAllowsIssuer: true, ownershipTxtConfigured: false, acmeChallengeDelegated: false, validationErrors: [] });
  });

  it.each([
    [
      'an A record where a CNAME is expected: remove it, add the CNAME',
      lookup({ address: { cnames: [], addresses: ['203.0.113.9'] } }),
      expecting(),
      DiagnosisCode.CnameExpected,
      'expected CNAME www.example.com -> shop.platform.example, found A 203.0.113.9',
      'remove the A record www.example.com 203.0.113.9 and add CNAME www.example.com -> shop.platform.example',
    ],
    [
      'A and AAAA records where a CNAME is expected',
      lookup({ address: { cnames: [], addresses: ['203.0.113.9', '203.0.113.10', '2001:db8::9'] } }),
      expecting(),
      DiagnosisCode.CnameExpected,
      'expected CNAME www.example.com -> shop.platform.example, found A 203.0.113.9, A 203.0.113.10, AAAA 2001:db8::9',
      'remove the A records www.example.com 203.0.113.9 and 203.0.113.10 and the AAAA record www.example.com 2001:db8::9 and add CNAME www.example.com -> shop.platform.example',
    ],
    [
      'a CNAME to somewhere else: change it',
      lookup({ address: { cnames: ['old-host.example.net'], addresses: ['203.0.113.9'] } }),
      expecting(),
      DiagnosisCode.CnameWrongTarget,
      'expected CNAME www.example.com -> shop.platform.example, found CNAME www.example.com -> old-host.example.net with A 203.0.113.9',
      'change the CNAME www.example.com to point to shop.platform.example',
    ],
    [
      'a foreign A record when the platform gives IPs only: replace it with the platform IPs',
      lookup({ address: { cnames: [], addresses: ['203.0.113.9'] } }),
      expecting({ platformTargets: ['198.51.100.1', '2001:db8::1'] }),
      DiagnosisCode.ForeignAddress,
      'expected A www.example.com 198.51.100.1 and AAAA www.example.com 2001:db8::1, found A 203.0.113.9',
      'remove the A record www.example.com 203.0.113.9 and add A www.example.com 198.51.100.1 and AAAA www.example.com 2001:db8::1',
    ],
    [
      'a foreign A record next to the platform one: remove only the foreign one',
      lookup({ address: { cnames: [], addresses: ['198.51.100.1', '203.0.113.9'] } }),
      expecting({ platformTargets: ['198.51.100.1'] }),
      DiagnosisCode.ForeignAddress,
      'expected A www.example.com 198.51.100.1, found A 198.51.100.1, A 203.0.113.9',
      'remove the A record www.example.com 203.0.113.9',
    ],
    [
      'an apex with a foreign address: A records, since a CNAME cannot go there',
      lookup({ hostname: 'example.com', address: { cnames: [], addresses: ['203.0.113.9'] } }),
      expecting({ platformTargets: [CNAME_TARGET, '198.51.100.1'] }),
      DiagnosisCode.ForeignAddress,
      'expected A example.com 198.51.100.1, found A 203.0.113.9',
      'remove the A record example.com 203.0.113.9 and add A example.com 198.51.100.1',
    ],
    [
      'an apex without addresses when the platform has host names only: an ALIAS',
      lookup({ hostname: 'example.com', address: { cnames: [], addresses: [] } }),
      expecting(),
      DiagnosisCode.NoAddresses,
      'expected ALIAS example.com -> shop.platform.example, found no A or AAAA record at example.com',
      'add an ALIAS (also called ANAME or flattened CNAME) record example.com -> shop.platform.example at your DNS host; a CNAME is not allowed at the zone apex',
    ],
    [
      'a name that does not exist: add the CNAME',
      lookup({ address: { cnames: [], addresses: [], rcode: 'NXDOMAIN' } }),
      expecting(),
      DiagnosisCode.NxDomain,
      'expected CNAME www.example.com -> shop.platform.example, found www.example.com does not exist (NXDOMAIN)',
      'add CNAME www.example.com -> shop.platform.example',
    ],
    [
      'a CNAME to a name that does not exist, with IP targets: replace it by A records',
      lookup({ address: { cnames: ['gone.example.net'], addresses: [], rcode: 'NXDOMAIN' } }),
      expecting({ platformTargets: ['198.51.100.1'] }),
      DiagnosisCode.NxDomain,
      'expected A www.example.com 198.51.100.1, found CNAME www.example.com -> gone.example.net, whose target does not exist (NXDOMAIN)',
      'remove the CNAME www.example.com and add A www.example.com 198.51.100.1',
    ],
    [
      'a CNAME loop',
      lookup({ address: { cnames: [], addresses: [], rcode: 'SERVFAIL', failure: { kind: 'CnameLoop', detail: 'CNAME loop at www.example.com' } } }),
      expecting(),
      DiagnosisCode.CnameLoop,
      'expected CNAME www.example.com -> shop.platform.example, found a CNAME chain that loops: CNAME loop at www.example.com',
      'change the CNAME www.example.com to point to shop.platform.example',
    ],
    [
      'a SERVFAIL from the resolvers',
      lookup({ address: { cnames: [], addresses: [], rcode: 'SERVFAIL' } }),
      expecting(),
      DiagnosisCode.DnsLookupFailed,
      'the resolvers answered SERVFAIL for A www.example.com',
      'check that the nameservers of example.com answer for www.example.com (SERVFAIL often means broken DNSSEC or a nameserver that does not answer)',
    ],
    [
      'a wildcard: the fix names the wildcard record, the message the probe name',
      lookup({ hostname: '*.example.com', address: { name: 'certplane-check.example.com', cnames: [], addresses: ['203.0.113.9'] } }),
      expecting(),
      DiagnosisCode.CnameExpected,
      'expected CNAME *.example.com -> shop.platform.example, found A 203.0.113.9 (looked up at certplane-check.example.com)',
      'remove the A record *.example.com 203.0.113.9 and add CNAME *.example.com -> shop.platform.example',
    ],
  ])('%s', (_sentence, l, e, code, message, fix) => {
    const v = diagnose(l, e);
    expect(v.dnsConfigured).toBe(false);
    expect(v.validationErrors).toEqual([{ code, message, fix }]);
  });

  it('is configured when every address is a platform IP, however IPv6 is spelled', () => {
    const v = diagnose(lookup({ address: { cnames: [], addresses: ['198.51.100.1', '2001:db8:0:0::1'] } }), expecting({ platformTargets: ['198.51.100.1', '2001:db8::1'] }));
    expect(v).toMatchObject({ dnsConfigured: true, validationErrors: [] });
  });

  it('says the platform has no targets configured', () => {
    expect(errorsOf(lookup(), expecting({ platformTargets: [] })).map((e) => e.code)).toEqual([DiagnosisCode.PlatformTargetsNotConfigured]);
  });
});

describe('diagnose: the zone', () => {
  it('reports a missing zone instead of NXDOMAIN', () => {
    const l = lookup({
      address: { cnames: [], addresses: [], rcode: 'NXDOMAIN' },
      zone: { zone: null, soa: null, nameservers: [], servers: [], problem: { kind: 'NotFound', detail: 'the nearest zone is the public suffix com' } },
    });
    expect(errorsOf(l)).toEqual([
      {
        code: DiagnosisCode.ZoneNotFound,
        message: 'no zone found for www.example.com: the nearest zone is the public suffix com',
        fix: 'register the domain of www.example.com, or set its nameservers at the registrar',
      },
    ]);
  });

  it('reports nameservers that do not answer', () => {
    const detail = 'no nameserver of example.com answered: ns1.example.com (192.0.2.53:53): DNS timeout after 2000 ms';
    const l = lookup({ zone: { problem: { kind: 'NameserversUnreachable', detail } } });
    expect(errorsOf(l)).toEqual([
      {
        code: DiagnosisCode.NameserversUnreachable,
        message: 'the nameservers of example.com could not be asked: no nameserver of example.com answered: ns1.example.com (192.0.2.53:53): DNS timeout after 2000 ms',
        fix: 'check the NS records of example.com (ns1.example.com) at the registrar and that each of them answers',
      },
    ]);
  });
});

describe('diagnose: CAA', () => {
  it('names the record forbidding the CA and the one to add', () => {
    const v = diagnose(lookup({ caa: [caaAt(HOST), caaAt('example.com', '0 issue "other-ca.example"')] }), expecting());
    expect(v.caaAllowsIssuer).toBe(false);
    expect(v.caa).toMatchObject({ name: 'example.com', rrset: [{ name: 'example.com', flags: 0, tag: 'issue', value: 'other-ca.example' }] });
    expect(v.validationErrors).toEqual([
      {
        code: DiagnosisCode.CaaForbidsIssuer,
        message: 'CAA example.com 0 issue "other-ca.example" allows other CAs only, not letsencrypt.org',
        fix: 'add the CAA record example.com 0 issue "letsencrypt.org"',
      },
    ]);
  });

  it('asks to replace a ";" that forbids every CA, with issuewild for a wildcard', () => {
    const l = lookup({ hostname: '*.example.com', address: { name: 'certplane-check.example.com' }, caa: [caaAt('example.com', '0 issue "letsencrypt.org"', '0 issuewild ";"')] });
    expect(errorsOf(l)).toEqual([
      {
        code: DiagnosisCode.CaaForbidsIssuer,
        message: 'CAA example.com 0 issuewild ";" forbids every CA',
        fix: 'replace the CAA record example.com 0 issuewild ";" with example.com 0 issuewild "letsencrypt.org"',
      },
    ]);
  });

  it('asks to remove an unknown critical record', () => {
    expect(errorsOf(lookup({ caa: [caaAt(HOST, '128 tbs "Unknown"')] }))).toEqual([
      {
        code: DiagnosisCode.CaaUnknownCriticalTag,
        message: 'CAA www.example.com 128 tbs "Unknown" is critical with a tag the CA does not know, so no CA may issue',
        fix: 'remove the CAA record www.example.com 128 tbs "Unknown"',
      },
    ]);
  });

  it('cannot judge issue records without the CA identity, and says so', () => {
    const v = diagnose(lookup({ caa: [caaAt(HOST, '0 issue "letsencrypt.org"')] }), expecting({ caaIdentities: [] }));
    expect(v.caaAllowsIssuer).toBe(false);
    expect(v.validationErrors.map((e) => e.code)).toEqual([DiagnosisCode.CaaIdentityNotConfigured]);
  });

  it('reports a failed lookup, as a CA would refuse', () => {
    const v = diagnose(lookup({ caa: [caaAt(HOST), { name: 'example.com', error: 'SERVFAIL from 192.0.2.1:53' }] }), expecting());
    expect(v.caaAllowsIssuer).toBe(false);
    expect(v.validationErrors.map((e) => [e.code, e.message])).toEqual([
      [DiagnosisCode.CaaLookupFailed, 'the CAA lookup at example.com failed (SERVFAIL from 192.0.2.1:53); a CA refuses to issue until it answers'],
    ]);
  });
});

describe('diagnose: ownership TXT', () => {
  const name = `_certplane-ownership.${HOST}`;
  it('is configured when one TXT value is accepted', () => {
    expect(diagnose(lookup({ ownership: { txt: ['unrelated', 'org-token'] } }), expecting())).toMatchObject({ ownershipTxtConfigured: true, validationErrors: [] });
  });

  it('reports a wrong value with the expected ones', () => {
    expect(errorsOf(lookup({ ownership: { txt: ['old-token'] } }))).toEqual([
      {
        code: DiagnosisCode.OwnershipTxtWrongValue,
        message: `TXT ${name} has "old-token"; expected one of "app-token", "org-token"`,
        fix: `replace the TXT record ${name} "old-token" with TXT ${name} "app-token"`,
      },
    ]);
  });

  it('reports a missing record only when ownership is required', () => {
    expect(diagnose(lookup(), expecting()).validationErrors).toEqual([]);
    expect(errorsOf(lookup(), expecting({ requireOwnership: true }))).toEqual([
      { code: DiagnosisCode.OwnershipTxtMissing, message: `no TXT record at ${name}`, fix: `add TXT ${name} "app-token"` },
    ]);
  });
});

describe('diagnose: _acme-challenge delegation', () => {
  const name = `_acme-challenge.${HOST}`;
  it('is delegated by a CNAME to the target, case and trailing dot aside', () => {
    expect(diagnose(lookup({ acme: { cname: 'acme.platform.example' } }), expecting({ acmeChallengeTarget: 'ACME.Platform.Example.' }))).toMatchObject({
      acmeChallengeDelegated: true,
      validationErrors: [],
    });
  });

  it('is not delegated when the platform offers no target', () => {
    expect(diagnose(lookup({ acme: { cname: 'acme.platform.example' } }), expecting({ acmeChallengeTarget: null }))).toMatchObject({ acmeChallengeDelegated: false, validationErrors: [] });
  });

  it('reports a CNAME to somewhere else', () => {
    expect(errorsOf(lookup({ acme: { cname: 'acme.other-host.example' } }))).toEqual([
      {
        code: DiagnosisCode.AcmeChallengeConflictingCname,
        message: `expected CNAME ${name} -> acme.platform.example, found CNAME ${name} -> acme.other-host.example`,
        fix: `change the CNAME ${name} to point to acme.platform.example`,
      },
    ]);
  });

  it('reports stale TXT records and a missing CNAME only when delegation is required', () => {
    const stale = lookup({ acme: { txt: ['leftover'] } });
    expect(errorsOf(stale)).toEqual([]);
    expect(errorsOf(stale, expecting({ requireAcmeChallengeDelegation: true }))).toEqual([
      {
        code: DiagnosisCode.AcmeChallengeStaleTxt,
        message: `expected CNAME ${name} -> acme.platform.example, found TXT "leftover" (a CNAME cannot sit beside other records)`,
        fix: `remove the TXT record ${name} and add CNAME ${name} -> acme.platform.example`,
      },
    ]);
    expect(errorsOf(lookup(), expecting({ requireAcmeChallengeDelegation: true })).map((e) => e.code)).toEqual([DiagnosisCode.AcmeChallengeNotDelegated]);
  });
});
