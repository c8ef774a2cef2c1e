import { describe, expect, it } from 'vitest';
import { HostnameError, HostnameErrorReason, hostnameMatchesDomain, isAtOrUnder, namesAbove, normalizeHostname } from './hostname.js';

const long63 = 'a'.repeat(63);
/** 4 labels of 63 + 3 dots = 255; trimmed to exactly 253 below. */
const name253 = `${'a'.repeat(61)}.${long63}.${long63}.${long63}`.slice(0, 249) + '.com';

describe('normalizeHostname accepts', () => {
  it.each([
    ['a plain name unchanged', 'example.com', 'example.com', false, 'example.com', 'example.com'],
    ['a subdomain, keyed on its registrable domain', 'www.example.com', 'www.example.com', false, 'www.example.com', 'example.com'],
    ['surrounding whitespace, trimmed', '  example.com \n', 'example.com', false, 'example.com', 'example.com'],
    ['upper case, lowercased', 'WWW.Example.COM', 'www.example.com', false, 'www.example.com', 'example.com'],
    ['one trailing dot, dropped', 'example.com.', 'example.com', false, 'example.com', 'example.com'],
    ['a unicode name, converted to punycode', 'bücher.example', 'xn--bcher-kva.example', false, 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['an upper-case unicode name with an ideographic dot', 'BÜCHER。example', 'xn--bcher-kva.example', false, 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['an already-punycode name', 'xn--bcher-kva.example', 'xn--bcher-kva.example', false, 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['digits and inner hyphens in labels', 'a-1.b2-c.example.com', 'a-1.b2-c.example.com', false, 'a-1.b2-c.example.com', 'example.com'],
    ['an all-numeric label that is not the last', '123.example.com', '123.example.com', false, '123.example.com', 'example.com'],
    ['a 63-character label', `${long63}.com`, `${long63}.com`, false, `${long63}.com`, `${long63}.com`],
    ['a name under a multi-label suffix, keyed on example.co.uk', 'shop.example.co.uk', 'shop.example.co.uk', false, 'shop.example.co.uk', 'example.co.uk'],
    ['a name under a private suffix', 'foo.github.io', 'foo.github.io', false, 'foo.github.io', 'foo.github.io'],
    ['a wildcard, with the base domain split out', '*.example.com', '*.example.com', true, 'example.com', 'example.com'],
    ['a wildcard in upper case with a trailing dot', '*.Example.COM.', '*.example.com', true, 'example.com', 'example.com'],
    ['a wildcard under a multi-label suffix', '*.example.co.uk', '*.example.co.uk', true, 'example.co.uk', 'example.co.uk'],
    ['a wildcard under a private suffix', '*.foo.github.io', '*.foo.github.io', true, 'foo.github.io', 'foo.github.io'],
    ['a name under .test (integration zones)', 'app.zone1.test', 'app.zone1.test', false, 'app.zone1.test', 'zone1.test'],
    ['a wildcard under .test', '*.zone1.test', '*.zone1.test', true, 'zone1.test', 'zone1.test'],
    ['a name under .example', 'foo.example', 'foo.example', false, 'foo.example', 'foo.example'],
  ])('%s: %j', (_behaviour, input, hostname, isWildcard, baseDomain, registrableDomain) => {
    expect(normalizeHostname(input)).toEqual({ hostname, isWildcard, baseDomain, registrableDomain });
  });

  it('a name of exactly 253 characters', () => {
    expect(name253).toHaveLength(253);
    expect(normalizeHostname(name253).hostname).toBe(name253);
  });
});

describe('normalizeHostname rejects', () => {
  it.each([
    ['empty input', '', HostnameErrorReason.Required, 'hostname is required'],
    ['whitespace-only input', '   ', HostnameErrorReason.Required, 'hostname is required'],
    ['a lone dot', '.', HostnameErrorReason.EmptyLabel, '"." is not a valid hostname: it has no labels'],
    ['more than one trailing dot', 'example.com..', HostnameErrorReason.EmptyLabel, 'empty label'],
    ['a leading dot', '.example.com', HostnameErrorReason.EmptyLabel, 'empty label'],
    ['consecutive dots', 'example..com', HostnameErrorReason.EmptyLabel, 'empty label'],
    ['a space inside a label', 'exa mple.com', HostnameErrorReason.InvalidCharacter, '"exa mple.com" is not a valid hostname: label "exa mple" contains a space'],
    ['an underscore', 'foo_bar.example.com', HostnameErrorReason.InvalidCharacter, 'label "foo_bar" contains "_"; only letters, digits and hyphens are allowed'],
    ['a port', 'example.com:443', HostnameErrorReason.InvalidCharacter, 'label "com:443" contains ":"'],
    ['a URL', 'https://example.com/', HostnameErrorReason.InvalidCharacter, 'contains ":"'],
    ['a label with a leading hyphen', '-foo.example.com', HostnameErrorReason.InvalidHyphen, 'label "-foo" starts or ends with a hyphen'],
    ['a label with a trailing hyphen', 'foo-.example.com', HostnameErrorReason.InvalidHyphen, 'label "foo-" starts or ends with a hyphen'],
    ['"--" in positions 3-4 of a non-punycode label', 'ab--cd.example.com', HostnameErrorReason.InvalidHyphen, 'label "ab--cd" has "--"'],
    ['an xn-- label that is not valid punycode', 'xn--abc.example.com', HostnameErrorReason.InvalidIdn, 'label "xn--abc" is not valid punycode'],
    ['unicode that IDNA cannot convert', 'ex\u200dample.com', HostnameErrorReason.InvalidIdn, 'cannot be converted to an internationalized (punycode) name'],
    ['a 64-character label', `${'a'.repeat(64)}.com`, HostnameErrorReason.LabelTooLong, 'is 64 characters long; the maximum is 63'],
    ['a unicode label whose punycode exceeds 63 characters', `${'ü'.repeat(60)}.com`, HostnameErrorReason.LabelTooLong, 'the maximum is 63'],
    ['a name of 254 characters', `a${name253}`, HostnameErrorReason.TooLong, 'it is 254 characters long; the maximum is 253'],
    ['a single label', 'intranet', HostnameErrorReason.TooFewLabels, 'at least two labels'],
    ['an all-numeric last label', 'example.123', HostnameErrorReason.NumericTld, 'the last label "123" is all-numeric'],
    ['a wildcard inside a name', 'a.*.example.com', HostnameErrorReason.InvalidWildcard, 'label "*" contains "*"; a wildcard must be the whole leftmost label'],
    ['a partial-label wildcard', '*foo.example.com', HostnameErrorReason.InvalidWildcard, 'label "*foo" contains "*"'],
    ['a double wildcard', '*.*.example.com', HostnameErrorReason.InvalidWildcard, 'label "*" contains "*"'],
    ['a bare "*"', '*', HostnameErrorReason.InvalidWildcard, 'a wildcard needs a domain after "*."'],
    ['a wildcard over a TLD', '*.com', HostnameErrorReason.TooFewLabels, 'a wildcard needs at least two labels after "*."'],
    ['an IPv4 address', '192.0.2.1', HostnameErrorReason.IpAddress, '"192.0.2.1" is not a valid hostname: IP addresses are not allowed'],
    ['an IPv4 address with a trailing dot', '192.0.2.1.', HostnameErrorReason.IpAddress, 'IP addresses are not allowed'],
    ['an IPv6 address', '2001:db8::1', HostnameErrorReason.IpAddress, 'IP addresses are not allowed'],
    ['a bracketed IPv6 address', '[2001:db8::1]', HostnameErrorReason.IpAddress, 'IP addresses are not allowed'],
    ['an IPv4-mapped IPv6 address', '::ffff:192.0.2.1', HostnameErrorReason.IpAddress, 'IP addresses are not allowed'],
    ['a bare ICANN public suffix', 'com', HostnameErrorReason.TooFewLabels, 'at least two labels'],
    ['a bare multi-label public suffix', 'co.uk', HostnameErrorReason.PublicSuffix, '"co.uk" is a public suffix; use a name under it, such as "example.co.uk"'],
    ['a bare private public suffix', 'github.io', HostnameErrorReason.PublicSuffix, '"github.io" is a public suffix'],
    ['a wildcard over a public suffix', '*.co.uk', HostnameErrorReason.PublicSuffix, 'a wildcard over it would cover domains owned by others'],
    ['a wildcard over a private public suffix', '*.github.io', HostnameErrorReason.PublicSuffix, '"github.io" is a public suffix'],
    ['localhost', 'localhost', HostnameErrorReason.SpecialUse, '".localhost" is a special-use name that does not resolve publicly, so a certificate authority can\'t validate it'],
    ['a name under .localhost', 'app.localhost', HostnameErrorReason.SpecialUse, '".localhost" is a special-use name'],
    ['a wildcard under .localhost', '*.localhost', HostnameErrorReason.SpecialUse, '".localhost" is a special-use name'],
    ['a name under .local (mDNS)', 'printer.local', HostnameErrorReason.SpecialUse, '".local" is a special-use name'],
    ['a wildcard under .local', '*.office.local', HostnameErrorReason.SpecialUse, '".local" is a special-use name'],
    ['a name under .internal', 'db.corp.internal', HostnameErrorReason.SpecialUse, '".internal" is a special-use name'],
    ['a name under .invalid', 'foo.invalid', HostnameErrorReason.SpecialUse, '".invalid" is a special-use name'],
    ['a unicode name under .local', 'bücher.local', HostnameErrorReason.SpecialUse, '".local" is a special-use name'],
  ])('%s: %j', (_behaviour, input, reason, message) => {
    let caught: unknown;
    try {
      normalizeHostname(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HostnameError);
    expect(caught).toMatchObject({ name: 'HostnameError', reason, value: input.trim() });
    expect((caught as HostnameError).message).toContain(message);
  });
});

describe('hostnameMatchesDomain', () => {
  it.each([
    ['the domain itself matches', 'example.com', 'example.com', true],
    ['the domain matches regardless of case and trailing dot', 'Example.COM.', 'example.com', true],
    ['a subdomain of a plain domain matches', 'www.example.com', 'example.com', true],
    ['a deeper subdomain matches', 'a.b.example.com', 'example.com', true],
    ['a wildcard under a plain domain matches', '*.example.com', 'example.com', true],
    ['a wildcard domain matches itself', '*.example.com', '*.example.com', true],
    ["a wildcard domain's base matches", 'example.com', '*.example.com', true],
    ['a name covered by a wildcard domain matches', 'www.example.com', '*.example.com', true],
    ['a unicode SAN matches its punycode domain', 'www.bücher.example', 'xn--bcher-kva.example', true],
    ['a sibling domain does not match', 'example.org', 'example.com', false],
    ['a name that merely ends with the same text does not match', 'notexample.com', 'example.com', false],
    ['the parent of a subdomain does not match', 'example.com', 'www.example.com', false],
    ['a sibling of a subdomain does not match', 'api.example.com', 'www.example.com', false],
    ['a wildcard above the domain does not match', '*.example.com', 'www.example.com', false],
    ['an invalid SAN does not match', 'exa mple.example.com', 'example.com', false],
    ['an IP address does not match', '192.0.2.1', 'example.com', false],
    ['a public suffix does not match', 'co.uk', 'example.co.uk', false],
  ])('%s: %j under %j', (_behaviour, name, domain, expected) => {
    expect(hostnameMatchesDomain(name, domain)).toBe(expected);
  });
});

describe('isAtOrUnder', () => {
  it.each([
    ['the zone itself', 'example.com', 'example.com', true],
    ['a name under the zone', 'a.b.example.com', 'example.com', true],
    ['a wildcard under the zone, by its base', '*.example.com', 'example.com', true],
    ['a name that merely ends with the same text', 'notexample.com', 'example.com', false],
    ['the parent of the zone', 'example.com', 'shop.example.com', false],
  ])('%s: %j in %j is %j', (_behaviour, name, zone, expected) => {
    expect(isAtOrUnder(name, zone)).toBe(expected);
  });
});

describe('namesAbove', () => {
  it('lists the name and its parents down to two labels, most specific first; a wildcard from its base', () => {
    expect(namesAbove('a.b.example.co.uk')).toEqual(['a.b.example.co.uk', 'b.example.co.uk', 'example.co.uk', 'co.uk']);
    expect(namesAbove('*.shop.example.com')).toEqual(['shop.example.com', 'example.com']);
    expect(namesAbove('example.com')).toEqual(['example.com']);
  });
});
