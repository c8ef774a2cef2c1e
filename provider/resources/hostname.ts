import { domainToASCII } from 'node:url';

/** A hostname as the API stores it: lower case, punycode, no trailing dot (a leading "*." kept). */
export function normalizeHostname(input: string): string {
  const s = input.trim().replace(/\.$/, '').toLowerCase();
  const wildcard = s.startsWith('*.');
  const rest = wildcard ? s.slice(2) : s;
  const ascii = domainToASCII(rest) || rest;
  return (wildcard ? '*.' : '') + ascii;
}

/** Whether a hostname is plausible enough to send (the API has the final word). */
export function looksLikeHostname(input: string): boolean {
  return /^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(normalizeHostname(input));
}

/** Keep the spelling in state when it means the same name as the API's, so no diff appears. */
export function keepSpelling(stateValue: unknown, apiValue: string): string {
  return typeof stateValue === 'string' && normalizeHostname(stateValue) === apiValue ? stateValue : apiValue;
}
