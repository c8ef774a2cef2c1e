import { domainToASCII } from 'node:url';
import type { AttrPath } from '../framework/diagnostics.js';

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

/** Whether two values spell the same hostname (see normalizeHostname). */
export function sameHostname(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && normalizeHostname(a) === normalizeHostname(b);
}

/** Whether two lists name the same hostnames, in any order and spelling. */
export function sameHostnames(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || !a.every((x) => typeof x === 'string') || !b.every((x) => typeof x === 'string')) return false;
  const norm = (xs: string[]) => [...new Set(xs.map(normalizeHostname))].sort().join(' ');
  return norm(a as string[]) === norm(b as string[]);
}

/** Takes `attribute` out of a plan's requires_replace (a change of spelling only). */
export function dropReplace(requiresReplace: AttrPath[], attribute: string): void {
  for (let i = requiresReplace.length - 1; i >= 0; i--) if (requiresReplace[i].length === 1 && requiresReplace[i][0] === attribute) requiresReplace.splice(i, 1);
}
