import { describe, expect, it } from 'vitest';
import { CaaReason, caaSearchNames, evaluateCaa, parseCaaData, parseIssueValue, relevantCaaSet, type CaaRecord } from './caa.js';

/** 'example.com 0 issue "ca.example"' -> a record. */
function rr(text: string): CaaRecord {
  const [name, ...rest] = text.split(' ');
  const record = parseCaaData(name, rest.join(' '));
  if (!record) throw new Error(`bad test record ${text}`);
  return record;
}

const LE = ['letsencrypt.org'];

describe('evaluateCaa', () => {
  it.each([
    // RFC 8659 section 3: no CAA RRset, any CA may issue.
    ['any CA may issue when there is no CAA record', [], false, LE, true, CaaReason.NoCaa],
    ['the named CA may issue (RFC 8659 section 4.2 example)', ['example.com 0 issue "letsencrypt.org"'], false, LE, true, CaaReason.Authorized],
    ['a CA not named may not issue', ['example.com 0 issue "ca1.example.net"'], false, LE, false, CaaReason.NotAuthorized],
    ['any of several issue properties may name us', ['example.com 0 issue "ca1.example.net"', 'example.com 0 issue "letsencrypt.org"'], false, LE, true, CaaReason.Authorized],
    ['issuer names compare without case', ['example.com 0 issue "LetsEncrypt.ORG"'], false, LE, true, CaaReason.Authorized],
    ['tags compare without case', ['example.com 0 ISSUE "ca1.example.net"'], false, LE, false, CaaReason.NotAuthorized],
    ['parameters after the issuer do not matter (RFC 8659 account=230123 example)', ['example.com 0 issue "letsencrypt.org; account=230123"'], false, LE, true, CaaReason.Authorized],
    ['an empty issuer ";" forbids every CA (RFC 8659 section 4.2)', ['example.com 0 issue ";"'], false, LE, false, CaaReason.NoIssuerAllowed],
    ['an empty value forbids every CA', ['example.com 0 issue ""'], false, LE, false, CaaReason.NoIssuerAllowed],
    ['";" next to a CA naming us still lets us issue', ['example.com 0 issue ";"', 'example.com 0 issue "letsencrypt.org"'], false, LE, true, CaaReason.Authorized],
    ['a malformed value authorizes nobody', ['example.com 0 issue "letsencrypt.org extra"'], false, LE, false, CaaReason.NotAuthorized],
    ['a record with only iodef lets any CA issue', ['example.com 0 iodef "mailto:security@example.com"'], false, LE, true, CaaReason.NoIssueProperty],
    // RFC 8659 section 4.1: the critical flag on an unknown tag.
    ['a critical unknown tag forbids issuance (RFC 8659 "tbs" example)', ['example.com 0 issue "letsencrypt.org"', 'example.com 128 tbs "Unknown"'], false, LE, false, CaaReason.UnknownCriticalTag],
    ['an unknown tag without the critical flag is ignored', ['example.com 0 issue "letsencrypt.org"', 'example.com 0 tbs "Unknown"'], false, LE, true, CaaReason.Authorized],
    ['a critical known tag is fine', ['example.com 128 issue "letsencrypt.org"'], false, LE, true, CaaReason.Authorized],
    // RFC 8659 section 4.3: issuewild.
    ['issuewild takes precedence for a wildcard', ['example.com 0 issue "letsencrypt.org"', 'example.com 0 issuewild "ca2.example.org"'], true, LE, false, CaaReason.NotAuthorized],
    ['issuewild naming us lets us issue a wildcard', ['example.com 0 issue "ca1.example.net"', 'example.com 0 issuewild "letsencrypt.org"'], true, LE, true, CaaReason.Authorized],
    ['issuewild is ignored for a name that is not a wildcard', ['example.com 0 issue "letsencrypt.org"', 'example.com 0 issuewild ";"'], false, LE, true, CaaReason.Authorized],
    ['a wildcard falls back to issue without issuewild', ['example.com 0 issue "ca1.example.net"'], true, LE, false, CaaReason.NotAuthorized],
    ['issuewild ";" forbids wildcards only (RFC 8659 section 4.3 example)', ['example.com 0 issue "letsencrypt.org"', 'example.com 0 issuewild ";"'], true, LE, false, CaaReason.NoIssuerAllowed],
    // RFC 8657 section 4: validationmethods.
    ['validationmethods including dns-01 lets us issue', ['example.com 0 issue "letsencrypt.org; validationmethods=http-01,dns-01"'], false, LE, true, CaaReason.Authorized],
    ['validationmethods without dns-01 forbids our DNS-01 issuance', ['example.com 0 issue "letsencrypt.org; validationmethods=http-01"'], false, LE, false, CaaReason.ValidationMethodNotAllowed],
    // No CA identity configured.
    ['without our CA identity, issue properties cannot be judged', ['example.com 0 issue "letsencrypt.org"'], false, [], false, CaaReason.IdentityUnknown],
    ['without our CA identity, ";" still forbids', ['example.com 0 issue ";"'], false, [], false, CaaReason.NoIssuerAllowed],
    ['without our CA identity, no CAA still allows', [], false, [], true, CaaReason.NoCaa],
  ])('%s', (_sentence, records, wildcard, identities, allowed, reason) => {
    const r = evaluateCaa(records.map(rr), { identities, wildcard });
    expect({ allowed: r.allowed, reason: r.reason }).toEqual({ allowed, reason });
  });

  it('names the deciding property and the records behind the decision', () => {
    const records = ['example.com 0 issue "ca1.example.net"', 'example.com 0 issuewild "letsencrypt.org; validationmethods=http-01"'].map(rr);
    expect(evaluateCaa(records, { identities: LE, wildcard: true })).toEqual({
      allowed: false,
      reason: CaaReason.ValidationMethodNotAllowed,
      property: 'issuewild',
      records: [records[1]],
    });
  });
});

describe('relevantCaaSet (RFC 8659 section 3 tree climbing)', () => {
  const found = (name: string, ...texts: string[]) => ({ name, records: texts.map((t) => rr(`${name} ${t}`)) });
  it('takes the first non-empty RRset, from the name up', () => {
    const set = relevantCaaSet([found('a.shop.example.com'), found('shop.example.com', '0 issue "ca1.example.net"'), found('example.com', '0 issue "letsencrypt.org"')]);
    expect(set).toEqual({ ok: true, name: 'shop.example.com', records: [rr('shop.example.com 0 issue "ca1.example.net"')] });
  });

  it('finds none when every name is empty', () => {
    expect(relevantCaaSet([found('shop.example.com'), found('example.com')])).toEqual({ ok: true, name: null, records: [] });
  });

  it('is unknown when a lookup fails before a set is found', () => {
    expect(relevantCaaSet([found('shop.example.com'), { name: 'example.com', error: 'SERVFAIL' }])).toEqual({ ok: false, name: 'example.com', error: 'SERVFAIL' });
  });

  it('does not care about a failure above the set found', () => {
    expect(relevantCaaSet([found('shop.example.com', '0 issue ";"'), { name: 'example.com', error: 'SERVFAIL' }]).ok).toBe(true);
  });
});

describe('caaSearchNames', () => {
  it.each([
    ['a.shop.example.com', ['a.shop.example.com', 'shop.example.com', 'example.com']],
    ['*.example.com', ['example.com']],
    ['Shop.Example.co.uk.', ['shop.example.co.uk', 'example.co.uk', 'co.uk']],
    ['com', []],
  ])('searches %s at %j (not the TLD)', (name, names) => {
    expect(caaSearchNames(name)).toEqual(names);
  });
});

describe('parseCaaData and parseIssueValue', () => {
  it('reads the text DnsClient gives, with escaped quotes', () => {
    expect(parseCaaData('example.com', '128 tbs "Unk\\"nown"')).toEqual({ name: 'example.com', flags: 128, tag: 'tbs', value: 'Unk"nown' });
    expect(parseCaaData('example.com', 'issue letsencrypt.org')).toBeNull();
  });

  it.each([
    ['letsencrypt.org', { issuer: 'letsencrypt.org', parameters: {} }],
    [' letsencrypt.org ; accounturi=https://acme.example/acct/1; validationmethods=dns-01 ', {
      issuer: 'letsencrypt.org',
      parameters: { accounturi: 'https://acme.example/acct/1', validationmethods: 'dns-01' },
    }],
    [';', { issuer: null, parameters: {} }],
    ['', { issuer: null, parameters: {} }],
    ['letsencrypt.org.', null],
    ['lets_encrypt.org', null],
    ['letsencrypt.org; no-equals', null],
  ])('reads the issue value %j', (value, parsed) => {
    expect(parseIssueValue(value)).toEqual(parsed);
  });
});
