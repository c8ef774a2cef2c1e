import { describe, expect, it } from 'vitest';
import { dnsNamesFromSubjectAltName, nameCoversHostname, namesCoverHostname } from './hostname-match.js';

describe('nameCoversHostname (RFC 6125 section 6.4)', () => {
  it.each([
    // presented name, hostname, covered
    ['shop.example.com', 'shop.example.com', true],
    ['SHOP.Example.COM', 'shop.example.com', true],
    ['shop.example.com.', 'shop.example.com', true],
    ['shop.example.com', 'shop.example.com.', true],
    ['shop.example.com', 'www.shop.example.com', false],
    ['example.com', 'shop.example.com', false],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example', true],
    // a wildcard covers exactly one label
    ['*.example.com', 'a.example.com', true],
    ['*.EXAMPLE.com', 'a.example.com', true],
    ['*.example.com', 'xn--bcher-kva.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', '.example.com', false],
    ['*.example.com', 'a.example.org', false],
    ['*.b.example.com', 'a.b.example.com', true],
    // only a whole left-most `*` label is a wildcard; a wildcard needs two labels after it
    ['f*.example.com', 'foo.example.com', false],
    ['*oo.example.com', 'foo.example.com', false],
    ['a.*.example.com', 'a.b.example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['*', 'com', false],
    ['*.com', 'example.com', false],
    // a wildcard hostname is covered only by the same wildcard
    ['*.example.com', '*.example.com', true],
    ['*.Example.com.', '*.example.com', true],
    ['a.example.com', '*.example.com', false],
    ['*.com', '*.com', false],
    ['*.b.example.com', '*.example.com', false],
    ['', 'example.com', false],
  ])('%s covers %s: %s', (presented, hostname, covered) => {
    expect(nameCoversHostname(presented, hostname)).toBe(covered);
  });

  it('namesCoverHostname is true when any one name covers the hostname', () => {
    expect(namesCoverHostname(['a.example.com', '*.example.org'], 'x.example.org')).toBe(true);
    expect(namesCoverHostname(['a.example.com', 'b.example.com'], '*.example.com')).toBe(false);
    expect(namesCoverHostname([], 'a.example.com')).toBe(false);
  });
});

describe('dnsNamesFromSubjectAltName', () => {
  it('returns the DNS names in order, lower case, without trailing dots or duplicates, skipping other types', () => {
    expect(dnsNamesFromSubjectAltName('DNS:Shop.Example.com, IP Address:10.0.0.1, email:x@y.z, DNS:www.example.com., DNS:shop.example.com')).toEqual([
      'shop.example.com',
      'www.example.com',
    ]);
  });

  it('keeps a quoted value (node quotes unusual values as JSON) as one name, so it cannot smuggle in another', () => {
    const text = 'DNS:a.example.com, DNS:"evil.com\\u002c DNS:good.com", URI:"https://a.b/c\\u002cd", DNS:b.example.com';
    expect(dnsNamesFromSubjectAltName(text)).toEqual(['a.example.com', 'evil.com, dns:good.com', 'b.example.com']);
    expect(namesCoverHostname(dnsNamesFromSubjectAltName(text), 'good.com')).toBe(false);
  });

  it('returns no names for a missing extension', () => {
    expect(dnsNamesFromSubjectAltName(undefined)).toEqual([]);
    expect(dnsNamesFromSubjectAltName('')).toEqual([]);
    expect(dnsNamesFromSubjectAltName('IP Address:10.0.0.1')).toEqual([]);
  });
});
