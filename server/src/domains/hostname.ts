import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

/**
 * Hostname rules for custom domains and certificate SANs: one canonical ASCII form per name, and
 * early rejection of names a public ACME CA (Let's Encrypt) would refuse or could never validate.
 */

/** Why a hostname was rejected; stable values callers may map to an API error code. */
export const HostnameErrorReason = {
  Required: 'REQUIRED',
  IpAddress: 'IP_ADDRESS',
  EmptyLabel: 'EMPTY_LABEL',
  InvalidCharacter: 'INVALID_CHARACTER',
  InvalidWildcard: 'INVALID_WILDCARD',
  InvalidIdn: 'INVALID_IDN',
  LabelTooLong: 'LABEL_TOO_LONG',
  InvalidHyphen: 'INVALID_HYPHEN',
  TooLong: 'TOO_LONG',
  TooFewLabels: 'TOO_FEW_LABELS',
  NumericTld: 'NUMERIC_TLD',
  SpecialUse: 'SPECIAL_USE',
  PublicSuffix: 'PUBLIC_SUFFIX',
} as const;
export type HostnameErrorReason = (typeof HostnameErrorReason)[keyof typeof HostnameErrorReason];

export class HostnameError extends Error {
  override readonly name = 'HostnameError';
  constructor(
    message: string,
    readonly reason: HostnameErrorReason,
    /** The input as given (trimmed). */
    readonly value: string,
  ) {
    super(message);
  }
}

export interface NormalizedHostname {
  /** Lowercase ASCII (punycode), no trailing dot; keeps a leading `*.` for wildcards. */
  hostname: string;
  isWildcard: boolean;
  /** `hostname` without the leading `*.`; equal to `hostname` for non-wildcards. */
  baseDomain: string;
  /** The name's registrable domain (public suffix + one label), e.g. `example.co.uk`: the Let's Encrypt rate-limit key. */
  registrableDomain: string;
}

const MAX_HOSTNAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LDH_LABEL = /^[a-z0-9-]+$/;

/**
 * Special-use names (RFC 6761, RFC 6762, RFC 9476, ICANN's `.internal`) that resolve only locally or
 * not at all, so no public CA can validate them. `.test` and `.example` are deliberately absent: our
 * integration tests issue for them against Pebble.
 */
const SPECIAL_USE_SUFFIXES = ['localhost', 'local', 'internal', 'invalid', 'alt', 'onion', 'home.arpa'];

type Fail = (reason: HostnameErrorReason, problem: string) => never;

/** Normalizes a user-supplied hostname or throws a `HostnameError` saying what is wrong with it. */
export function normalizeHostname(input: string): NormalizedHostname {
  const given = input.trim();
  if (given === '') throw new HostnameError('hostname is required', HostnameErrorReason.Required, given);
  const fail: Fail = (reason, problem) => {
    throw new HostnameError(`${JSON.stringify(given)} is not a valid hostname: ${problem}`, reason, given);
  };

  // UTS #46 treats the ideographic and fullwidth full stops as label separators.
  let name = given.toLowerCase().replace(/[\u3002\uff0e\uff61]/g, '.');
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') fail(HostnameErrorReason.EmptyLabel, 'it has no labels');
  if (isIP(name) !== 0 || isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0 || name.startsWith('[')) {
    fail(HostnameErrorReason.IpAddress, 'IP addresses are not allowed, only DNS names');
  }

  let labels = name.split('.');
  const isWildcard = labels[0] === '*';
  if (isWildcard) labels = labels.slice(1);
  if (labels.length === 0 || (labels.length === 1 && labels[0] === '')) {
    fail(HostnameErrorReason.InvalidWildcard, 'a wildcard needs a domain after "*.", e.g. "*.example.com"');
  }

  for (const label of labels) {
    if (label === '') fail(HostnameErrorReason.EmptyLabel, 'it contains an empty label (leading dot or "..")');
    if (label.includes('*')) {
      fail(HostnameErrorReason.InvalidWildcard, `label "${label}" contains "*"; a wildcard must be the whole leftmost label, as in "*.example.com"`);
    }
    const bad = [...label].find((ch) => ch < '\u0080' && !/[a-z0-9-]/.test(ch));
    if (bad === ' ') fail(HostnameErrorReason.InvalidCharacter, `label "${label}" contains a space`);
    if (bad !== undefined) {
      fail(HostnameErrorReason.InvalidCharacter, `label "${label}" contains ${JSON.stringify(bad)}; only letters, digits and hyphens are allowed`);
    }
  }
  checkStructure(labels, isWildcard, fail);

  // IDN: convert unicode labels to punycode (UTS #46); an invalid name converts to "".
  if (/[^\u0000-\u007f]/.test(labels.join('.'))) {
    const ascii = domainToASCII(labels.join('.'));
    if (ascii === '') fail(HostnameErrorReason.InvalidIdn, 'it contains characters that cannot be converted to an internationalized (punycode) name');
    labels = ascii.split('.');
    checkStructure(labels, isWildcard, fail);
  }

  for (const label of labels) {
    if (label === '') fail(HostnameErrorReason.EmptyLabel, 'it contains an empty label');
    if (!LDH_LABEL.test(label)) fail(HostnameErrorReason.InvalidCharacter, `label "${label}" must contain only letters, digits and hyphens`);
    if (label.length > MAX_LABEL_LENGTH) {
      fail(HostnameErrorReason.LabelTooLong, `label "${label}" is ${label.length} characters long; the maximum is ${MAX_LABEL_LENGTH}`);
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      fail(HostnameErrorReason.InvalidHyphen, `label "${label}" starts or ends with a hyphen`);
    }
    if (label.slice(2, 4) === '--') {
      if (!label.startsWith('xn--')) {
        fail(HostnameErrorReason.InvalidHyphen, `label "${label}" has "--" in the third and fourth positions, which is reserved for "xn--" (punycode) labels`);
      }
      if (domainToASCII(label) === '') fail(HostnameErrorReason.InvalidIdn, `label "${label}" is not valid punycode`);
    }
  }

  const baseDomain = labels.join('.');
  const hostname = isWildcard ? `*.${baseDomain}` : baseDomain;
  if (hostname.length > MAX_HOSTNAME_LENGTH) {
    fail(HostnameErrorReason.TooLong, `it is ${hostname.length} characters long; the maximum is ${MAX_HOSTNAME_LENGTH}`);
  }

  const parsed = parse(baseDomain, { allowPrivateDomains: true, detectIp: false, extractHostname: false });
  if (parsed.domain === null) {
    fail(
      HostnameErrorReason.PublicSuffix,
      isWildcard
        ? `"${baseDomain}" is a public suffix, so a wildcard over it would cover domains owned by others`
        : `"${baseDomain}" is a public suffix; use a name under it, such as "example.${baseDomain}"`,
    );
  }
  return { hostname, isWildcard, baseDomain, registrableDomain: parsed.domain };
}

/** Rules on the label list that hold both before and after IDN conversion. */
function checkStructure(labels: string[], isWildcard: boolean, fail: Fail): void {
  const base = labels.join('.');
  const special = SPECIAL_USE_SUFFIXES.find((suffix) => base === suffix || base.endsWith(`.${suffix}`));
  if (special !== undefined) {
    fail(HostnameErrorReason.SpecialUse, `".${special}" is a special-use name that does not resolve publicly, so a certificate authority can't validate it`);
  }
  if (labels.length < 2) {
    fail(
      HostnameErrorReason.TooFewLabels,
      isWildcard ? 'a wildcard needs at least two labels after "*.", e.g. "*.example.com"' : 'it needs at least two labels, e.g. "example.com"',
    );
  }
  const tld = labels[labels.length - 1];
  if (/^[0-9]+$/.test(tld)) {
    fail(HostnameErrorReason.NumericTld, `the last label "${tld}" is all-numeric (IP addresses are not allowed)`);
  }
}

/**
 * Whether `name` may appear as a SAN on a certificate requested for `domain`: true when `name` is the
 * domain's hostname, its base domain (the wildcard's base), or any name beneath the base, wildcard or
 * not. Invalid input on either side never matches.
 */
export function hostnameMatchesDomain(name: string, domain: string): boolean {
  let san: NormalizedHostname;
  let owner: NormalizedHostname;
  try {
    san = normalizeHostname(name);
    owner = normalizeHostname(domain);
  } catch (error) {
    if (error instanceof HostnameError) return false;
    throw error;
  }
  return san.baseDomain === owner.baseDomain || san.baseDomain.endsWith(`.${owner.baseDomain}`);
}

/** Whether the normalised name `name` is `zone` itself or a name under it (a wildcard counts by its base). */
export function isAtOrUnder(name: string, zone: string): boolean {
  const base = name.replace(/^\*\./, '');
  return base === zone || base.endsWith(`.${zone}`);
}

/**
 * The normalised name and each of its parents with at least two labels, most specific first:
 * `a.b.example.com` -> `a.b.example.com`, `b.example.com`, `example.com` (a wildcard starts at its base).
 * The zones that could hold the name are among them.
 */
export function namesAbove(name: string): string[] {
  const labels = name.replace(/^\*\./, '').split('.');
  const out: string[] = [];
  for (let i = 0; i + 2 <= labels.length; i++) out.push(labels.slice(i).join('.'));
  return out;
}
