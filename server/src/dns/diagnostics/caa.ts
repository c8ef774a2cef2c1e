/**
 * CAA (Certification Authority Authorization, RFC 8659, with the RFC 8657 `validationmethods`
 * parameter): which CAA records apply to a name, and whether they let our CA issue for it.
 * Pure: DNS answers in, a decision with a reason constant out; the lookups live in lookup.ts.
 */

/** One CAA record: its owner name (where it was found), flags (0-255), tag and value, as served. */
export interface CaaRecord {
  name: string;
  flags: number;
  tag: string;
  value: string;
}

/** What one CAA query at one name of the search gave: its records, or why there is no answer. */
export type CaaLookup = { name: string; records: CaaRecord[] } | { name: string; error: string };

/** The relevant RRset (RFC 8659 section 3): found at `name`, or none anywhere (`name` null), or unknown. */
export type RelevantCaa = { ok: true; name: string | null; records: CaaRecord[] } | { ok: false; name: string; error: string };

/** Bit 0 of the flags octet, the Issuer Critical Flag (RFC 8659 section 4.1). */
export const CAA_CRITICAL = 128;

/**
 * Property tags a CA like Let's Encrypt processes: RFC 8659's three, the CA/Browser Forum's contact
 * tags, RFC 9495's `issuemail` and the VMC `issuevmc`. A critical property with any other tag forbids
 * issuance (RFC 8659 section 4.1).
 */
export const KNOWN_CAA_TAGS: ReadonlySet<string> = new Set(['issue', 'issuewild', 'iodef', 'contactemail', 'contactphone', 'issuemail', 'issuevmc']);

/** Why CAA allows or forbids issuance; stable values. */
export const CaaReason = {
  /** No CAA record on the name or any parent below the TLD: every CA may issue. */
  NoCaa: 'NoCaa',
  /** The relevant RRset has no `issue` (nor, for a wildcard, `issuewild`) property: every CA may issue. */
  NoIssueProperty: 'NoIssueProperty',
  /** A property names one of our CA's identities, with no parameter excluding us. */
  Authorized: 'Authorized',
  /** The properties name other CAs only. */
  NotAuthorized: 'NotAuthorized',
  /** Every property has an empty issuer (`;`): no CA at all may issue. */
  NoIssuerAllowed: 'NoIssuerAllowed',
  /** Our CA is named, but only with `validationmethods` that exclude ours (RFC 8657 section 4). */
  ValidationMethodNotAllowed: 'ValidationMethodNotAllowed',
  /** A critical property (flag 128) with a tag the CA does not understand: no CA may issue. */
  UnknownCriticalTag: 'UnknownCriticalTag',
  /** Issue properties exist but we were not told the CA's identities, so cannot say. */
  IdentityUnknown: 'IdentityUnknown',
} as const;
export type CaaReason = (typeof CaaReason)[keyof typeof CaaReason];

export interface CaaEvaluation {
  allowed: boolean;
  reason: CaaReason;
  /** The property that decided: `issuewild` for a wildcard when present, else `issue`; null when neither. */
  property: 'issue' | 'issuewild' | null;
  /**
   * The records behind the decision: those naming our CA (Authorized, ValidationMethodNotAllowed), the
   * unknown critical ones (UnknownCriticalTag), else every record of the deciding property.
   */
  records: CaaRecord[];
}

export interface EvaluateCaaOptions {
  /** Our CA's issuer domain names, e.g. ['letsencrypt.org']; compared without case. */
  identities: string[];
  /** True for a wildcard name (`*.example.com`): `issuewild` takes precedence (RFC 8659 section 4.3). */
  wildcard: boolean;
  /** The ACME method we validate with (default 'dns-01'), checked against `validationmethods`. */
  validationMethod?: string;
}

const LABEL = /^[a-z0-9](?:-*[a-z0-9])*$/i;
const PARAMETER = /^([a-z0-9](?:-*[a-z0-9])*)\s*=\s*([\x21-\x3a\x3c-\x7e]*)$/i;

/**
 * The names searched for a CAA RRset: `name` (without a leading `*.`), then each parent, stopping
 * before the top-level domain (RFC 8659 section 3 climbs to the root; CAs do not ask TLDs).
 * 'a.shop.example.com' -> ['a.shop.example.com', 'shop.example.com', 'example.com'].
 */
export function caaSearchNames(name: string): string[] {
  const labels = name.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '').split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

/** Reads a CAA record's text as DnsClient renders it (`0 issue "letsencrypt.org"`); null when it is not one. */
export function parseCaaData(name: string, data: string): CaaRecord | null {
  const m = /^(\d{1,3}) ([a-z0-9]+) "((?:[^"\\]|\\.)*)"$/is.exec(data);
  if (!m || Number(m[1]) > 255) return null;
  return { name, flags: Number(m[1]), tag: m[2], value: m[3].replace(/\\(.)/gs, '$1') };
}

/** The zone-file text of a record: `example.com 0 issue "letsencrypt.org"`. */
export const caaText = (r: Pick<CaaRecord, 'name' | 'flags' | 'tag' | 'value'>) => `${r.name} ${r.flags} ${r.tag} ${JSON.stringify(r.value)}`;

/**
 * The relevant RRset from the lookups, given in search order (caaSearchNames): the first non-empty set
 * wins; a failed lookup before it leaves the answer unknown (a CA must then refuse, RFC 8659 section 3).
 */
export function relevantCaaSet(lookups: CaaLookup[]): RelevantCaa {
  for (const l of lookups) {
    if ('error' in l) return { ok: false, name: l.name, error: l.error };
    if (l.records.length > 0) return { ok: true, name: l.name, records: l.records };
  }
  return { ok: true, name: null, records: [] };
}

/** An `issue`/`issuewild` value: its issuer domain (null when empty, as in `;`) and parameters; null when malformed. */
export function parseIssueValue(value: string): { issuer: string | null; parameters: Record<string, string> } | null {
  const [head, ...rest] = value.split(';');
  const issuer = head.trim().toLowerCase();
  if (issuer !== '' && !issuer.split('.').every((l) => LABEL.test(l))) return null;
  const parameters: Record<string, string> = {};
  for (const part of rest.map((p) => p.trim())) {
    if (part === '') continue;
    const p = PARAMETER.exec(part);
    if (!p) return null;
    parameters[p[1].toLowerCase()] = p[2];
  }
  return { issuer: issuer === '' ? null : issuer, parameters };
}

/**
 * May our CA issue for a name with this relevant RRset (RFC 8659 sections 4.1-4.3, RFC 8657 section 4)?
 * - no records: allowed (NoCaa); a critical property with an unknown tag forbids everyone;
 * - a wildcard uses `issuewild` properties when there are any, else `issue`; a name that is not a
 *   wildcard uses `issue` only; with neither, every CA may issue (NoIssueProperty);
 * - allowed when a property's issuer is one of `identities` and its `validationmethods` (if any)
 *   includes ours; malformed values authorize nobody; only empty issuers (`;`) forbid every CA;
 * - with no identities configured the answer is false with IdentityUnknown (we cannot tell).
 */
export function evaluateCaa(records: CaaRecord[], opts: EvaluateCaaOptions): CaaEvaluation {
  if (records.length === 0) return { allowed: true, reason: CaaReason.NoCaa, property: null, records: [] };
  const critical = records.filter((r) => (r.flags & CAA_CRITICAL) !== 0 && !KNOWN_CAA_TAGS.has(r.tag.toLowerCase()));
  if (critical.length > 0) return { allowed: false, reason: CaaReason.UnknownCriticalTag, property: null, records: critical };

  const withTag = (tag: string) => records.filter((r) => r.tag.toLowerCase() === tag);
  const wild = opts.wildcard ? withTag('issuewild') : [];
  const property = wild.length > 0 ? 'issuewild' : 'issue';
  const props = wild.length > 0 ? wild : withTag('issue');
  if (props.length === 0) return { allowed: true, reason: CaaReason.NoIssueProperty, property: null, records: [] };

  const parsed = props.map((r) => ({ record: r, value: parseIssueValue(r.value) }));
  const decide = (allowed: boolean, reason: CaaReason, rs = props): CaaEvaluation => ({ allowed, reason, property, records: rs });
  if (parsed.every((p) => p.value !== null && p.value.issuer === null)) return decide(false, CaaReason.NoIssuerAllowed);
  const identities = new Set(opts.identities.map((i) => i.trim().toLowerCase().replace(/\.$/, '')).filter((i) => i !== ''));
  if (identities.size === 0) return decide(false, CaaReason.IdentityUnknown);

  const ours = parsed.filter((p) => p.value?.issuer && identities.has(p.value.issuer));
  if (ours.length === 0) return decide(false, CaaReason.NotAuthorized);
  const method = (opts.validationMethod ?? 'dns-01').toLowerCase();
  const methodOk = ({ value }: (typeof ours)[number]) => {
    const list = value?.parameters.validationmethods;
    return list === undefined || list.split(',').some((m) => m.trim().toLowerCase() === method);
  };
  const authorizing = ours.filter(methodOk);
  if (authorizing.length > 0) return decide(true, CaaReason.Authorized, authorizing.map((p) => p.record));
  return decide(false, CaaReason.ValidationMethodNotAllowed, ours.map((p) => p.record));
}
