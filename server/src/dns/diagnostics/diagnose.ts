import { normalizeName } from '../resolve.js';
import { checkAddresses } from './address-errors.js';
import { CaaReason, caaText, evaluateCaa, relevantCaaSet, type CaaEvaluation, type CaaRecord } from './caa.js';
import { DiagnosisCode, type ValidationError } from './codes.js';
import type { DomainLookup, NameLookup } from './lookup.js';

/**
 * From what DNS says (a DomainLookup) and what the platform expects, the flags of a diagnosis and the
 * errors to show, each with the exact record to add, change or remove. Pure; no DNS here.
 */

export interface Expectations {
  /** IPs and/or CNAME target host names of the platform (as for pointsToTargets). */
  platformTargets: string[];
  /** Where customers may CNAME `_acme-challenge.<name>` (DNS-01 delegation); null when the platform offers none. */
  acmeChallengeTarget: string | null;
  /** Accepted values of the ownership TXT record (its name is in the lookup). */
  ownershipValues: string[];
  /** Issuer domain names of the platform's CA for CAA, e.g. ['letsencrypt.org']; empty when unknown. */
  caaIdentities: string[];
  /** A missing ownership TXT is an error (default false: the flag alone says so). */
  requireOwnership?: boolean;
  /** A missing `_acme-challenge` CNAME, or TXT records where it should go, are errors (default false). */
  requireAcmeChallengeDelegation?: boolean;
}

export interface Verdict {
  dnsConfigured: boolean;
  acmeChallengeDelegated: boolean;
  ownershipTxtConfigured: boolean;
  caaAllowsIssuer: boolean;
  /**
   * The CAA decision behind caaAllowsIssuer, with the relevant RRset (`rrset`) and the name it was
   * found at (`name`, null when there is none); null when a lookup failed.
   */
  caa: (CaaEvaluation & { name: string | null; rrset: CaaRecord[] }) | null;
  validationErrors: ValidationError[];
}

const error = (code: DiagnosisCode, message: string, fix: string): ValidationError => ({ code, message, fix });
const quoted = (values: string[]) => values.map((v) => JSON.stringify(v)).join(', ');
const lookupFailed = (l: NameLookup) =>
  error(DiagnosisCode.DnsLookupFailed, `could not look up TXT ${l.name}: ${l.error}`, `check that the nameservers of the domain answer for ${l.name}, then check again`);

/** The zone is not found, not looked up, or its nameservers cannot be asked. */
function zoneError(l: DomainLookup): ValidationError | null {
  const { zone, problem } = l.zone;
  switch (problem?.kind) {
    case undefined:
      return null;
    case 'NotFound':
      return error(DiagnosisCode.ZoneNotFound, `no zone found for ${l.baseName}: ${problem.detail}`, `register the domain of ${l.baseName}, or set its nameservers at the registrar`);
    case 'NoAnswer':
      return error(DiagnosisCode.DnsLookupFailed, `could not look up the zone of ${l.baseName}: ${problem.detail}`, 'check that the DNS resolvers answer, then check again');
    case 'NameserversUnreachable': {
      const ns = l.zone.nameservers.length > 0 ? ` (${l.zone.nameservers.join(', ')})` : '';
      return error(DiagnosisCode.NameserversUnreachable, `the nameservers of ${zone} could not be asked: ${problem.detail}`, `check the NS records of ${zone}${ns} at the registrar and that each of them answers`);
    }
  }
}

function ownershipErrors(l: NameLookup, e: Expectations): { ok: boolean; errors: ValidationError[] } {
  const ok = l.txt.some((v) => e.ownershipValues.includes(v));
  if (ok || e.ownershipValues.length === 0) return { ok, errors: [] };
  if (l.error) return { ok, errors: e.requireOwnership ? [lookupFailed(l)] : [] };
  const add = `TXT ${l.name} ${JSON.stringify(e.ownershipValues[0])}`;
  if (l.txt.length > 0) {
    const message = `TXT ${l.name} has ${quoted(l.txt)}; expected ${e.ownershipValues.length > 1 ? 'one of ' : ''}${quoted(e.ownershipValues)}`;
    return { ok, errors: [error(DiagnosisCode.OwnershipTxtWrongValue, message, `replace the TXT record${l.txt.length > 1 ? 's' : ''} ${l.name} ${quoted(l.txt)} with ${add}`)] };
  }
  if (!e.requireOwnership) return { ok, errors: [] };
  return { ok, errors: [error(DiagnosisCode.OwnershipTxtMissing, `no TXT record at ${l.name}`, `add ${add}`)] };
}

function acmeChallengeErrors(d: DomainLookup, e: Expectations): { ok: boolean; errors: ValidationError[] } {
  const l = d.acmeChallenge;
  if (e.acmeChallengeTarget === null) return { ok: false, errors: [] };
  const target = normalizeName(e.acmeChallengeTarget);
  const ok = l.cname === target;
  const required = e.requireAcmeChallengeDelegation ?? false;
  const add = `CNAME ${l.name} -> ${target}`;
  if (ok) return { ok, errors: [] };
  if (l.error) return { ok, errors: required ? [lookupFailed(l)] : [] };
  if (l.cname) {
    // `*.example.com` also answers for `_acme-challenge.example.com` unless that name has records of its own.
    const wildcard = d.hostname.startsWith('*.') && l.cname === d.address.cnames[0];
    const from = wildcard ? ` (from the wildcard record ${d.hostname})` : '';
    const message = `expected CNAME ${l.name} -> ${target}, found CNAME ${l.name} -> ${l.cname}${from}`;
    const fix = wildcard ? `add ${add} (a record of its own overrides the wildcard ${d.hostname} there)` : `change the CNAME ${l.name} to point to ${target}`;
    return { ok, errors: [error(DiagnosisCode.AcmeChallengeConflictingCname, message, fix)] };
  }
  if (!required) return { ok, errors: [] };
  if (l.txt.length > 0) {
    const message = `expected CNAME ${l.name} -> ${target}, found TXT ${quoted(l.txt)} (a CNAME cannot sit beside other records)`;
    return { ok, errors: [error(DiagnosisCode.AcmeChallengeStaleTxt, message, `remove the TXT record${l.txt.length > 1 ? 's' : ''} ${l.name} and add ${add}`)] };
  }
  return { ok, errors: [error(DiagnosisCode.AcmeChallengeNotDelegated, `no CNAME at ${l.name}`, `add ${add}`)] };
}

function caaErrors(l: DomainLookup, e: Expectations): { caa: Verdict['caa']; errors: ValidationError[] } {
  const set = relevantCaaSet(l.caa);
  if (!set.ok) {
    const message = `the CAA lookup at ${set.name} failed (${set.error}); a CA refuses to issue until it answers`;
    // A CNAME loop makes the CAA lookup at that name fail as well: the fix is the chain's.
    const brokenChain = l.address.failure !== null && l.address.failure.kind !== 'NoAnswer' && l.address.name === set.name;
    const fix = brokenChain ? `fix the CNAME chain of ${set.name} first: CAA lookups follow it too` : `check that the nameservers of ${set.name} answer CAA queries (an empty answer is fine)`;
    return { caa: null, errors: [error(DiagnosisCode.CaaLookupFailed, message, fix)] };
  }
  const wildcard = l.hostname.startsWith('*.');
  const verdict = evaluateCaa(set.records, { identities: e.caaIdentities, wildcard });
  const caa = { ...verdict, name: set.name, rrset: set.records };
  if (verdict.allowed) return { caa, errors: [] };
  const owner = set.records[0]?.name ?? set.name ?? l.baseName;
  const texts = (rs: CaaRecord[]) => rs.map(caaText).join(', ');
  const them = (rs: CaaRecord[]) => `the CAA record${rs.length > 1 ? 's' : ''} ${texts(rs)}`;
  const fail = (code: DiagnosisCode, message: string, fix: string) => ({ caa, errors: [error(code, message, fix)] });
  if (verdict.reason === CaaReason.UnknownCriticalTag) {
    return fail(DiagnosisCode.CaaUnknownCriticalTag, `CAA ${texts(verdict.records)} is critical with a tag the CA does not know, so no CA may issue`, `remove ${them(verdict.records)}`);
  }
  if (verdict.reason === CaaReason.IdentityUnknown) {
    const message = `CAA ${texts(verdict.records)} limits which CAs may issue, and the platform's CA identity is not configured`;
    return fail(DiagnosisCode.CaaIdentityNotConfigured, message, "the platform operator must configure its CA's CAA identity (e.g. letsencrypt.org)");
  }
  const ca = e.caaIdentities[0];
  const wanted = `${owner} 0 ${verdict.property ?? 'issue'} ${JSON.stringify(ca)}`;
  switch (verdict.reason) {
    case CaaReason.NoIssuerAllowed:
      return fail(DiagnosisCode.CaaForbidsIssuer, `CAA ${texts(verdict.records)} forbids every CA`, ca ? `replace ${them(verdict.records)} with ${wanted}` : `remove ${them(verdict.records)}`);
    case CaaReason.ValidationMethodNotAllowed:
      return fail(
        DiagnosisCode.CaaForbidsIssuer,
        `CAA ${texts(verdict.records)} allows ${ca} only with validation methods other than dns-01`,
        `replace ${them(verdict.records)} with ${wanted}`,
      );
    default:
      return fail(DiagnosisCode.CaaForbidsIssuer, `CAA ${texts(verdict.records)} allows other CAs only, not ${e.caaIdentities.join(', ')}`, `add the CAA record ${wanted}`);
  }
}

/** The verdict on a looked-up domain; errors come in a fixed order: zone, addresses, CAA, ownership, `_acme-challenge`. */
export function diagnose(l: DomainLookup, e: Expectations): Verdict {
  const zone = zoneError(l);
  const zoneMissing = zone?.code === DiagnosisCode.ZoneNotFound;
  const address = checkAddresses({ hostname: l.hostname, address: l.address, zone: l.zone.zone, targets: e.platformTargets, zoneMissing });
  const caa = caaErrors(l, e);
  const ownership = ownershipErrors(l.ownership, e);
  const acme = acmeChallengeErrors(l, e);
  return {
    dnsConfigured: address.ok,
    acmeChallengeDelegated: acme.ok,
    ownershipTxtConfigured: ownership.ok,
    caaAllowsIssuer: caa.caa?.allowed ?? false,
    caa: caa.caa,
    validationErrors: [...(zone ? [zone] : []), ...(address.error ? [address.error] : []), ...caa.errors, ...ownership.errors, ...acme.errors],
  };
}
