/**
 * Which hostnames a certificate's names cover, for certificates customers bring themselves.
 *
 * Matching follows RFC 6125 section 6.4 (6.4.1 for exact names, 6.4.3 for wildcards), with the
 * stricter choices browsers and the CA/Browser Forum Baseline Requirements make where the RFC leaves
 * room:
 * - comparison is case-insensitive (ASCII; IDNs are compared in their A-label/punycode form) and a
 *   trailing dot on either side is ignored;
 * - a wildcard is only `*` as the whole left-most label (`*.example.com`); partial-label wildcards such
 *   as `f*.example.com` or `*oo.example.com` and a `*` anywhere else match nothing;
 * - `*.example.com` covers exactly one label in its place: `a.example.com`, but neither
 *   `example.com` nor `a.b.example.com`;
 * - a wildcard needs at least two labels after `*.` (`*.com` covers nothing);
 * - a hostname that is itself a wildcard (`*.example.com`) is covered only by that same wildcard name,
 *   never by a list of names beneath it.
 */

/** Lower case, no trailing dot. */
function canonical(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Whether one presented identifier (a DNS SAN, or the subject CN when there are no DNS SANs) covers
 * `hostname`. Both are DNS names in ASCII form; see the module comment for the rules.
 */
export function nameCoversHostname(presented: string, hostname: string): boolean {
  const name = canonical(presented);
  const host = canonical(hostname);
  if (name === '' || host === '') return false;
  if (host.startsWith('*.')) return name === host && isUsableWildcard(name);
  if (name === host) return !name.includes('*');
  if (!isUsableWildcard(name)) return false;
  const dot = host.indexOf('.');
  // One label in place of `*`: the host's first label must be non-empty and the rest equal the base.
  return dot > 0 && host.slice(dot) === name.slice(1);
}

/** `*.` followed by at least two non-empty labels, with no other `*`. */
function isUsableWildcard(name: string): boolean {
  if (!name.startsWith('*.')) return false;
  const labels = name.slice(2).split('.');
  return labels.length >= 2 && labels.every((l) => l !== '' && !l.includes('*'));
}

/** Whether any of `names` covers `hostname` (see `nameCoversHostname`). */
export function namesCoverHostname(names: readonly string[], hostname: string): boolean {
  return names.some((n) => nameCoversHostname(n, hostname));
}

/**
 * The DNS names in node:crypto's `X509Certificate.subjectAltName` text, in certificate order, lower
 * case, without a trailing dot, without duplicates.
 *
 * node prints the extension as `DNS:a.example.com, IP Address:10.0.0.1, ...`, and since the fix for
 * CVE-2021-44532 it prints a value containing a comma, quote, backslash or other unusual character as a
 * JSON string (`DNS:"evil.com\u002c DNS:good.com"`), so splitting on ", " alone could be fooled. This
 * reads each `type:value` entry properly; a quoted DNS value is decoded and kept as it is (it cannot be a
 * valid hostname, so it never covers one).
 */
export function dnsNamesFromSubjectAltName(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  const entry = /([^:,]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/y;
  const names: string[] = [];
  let match: RegExpExecArray | null;
  while (entry.lastIndex < subjectAltName.length && (match = entry.exec(subjectAltName))) {
    const [, type, raw] = match;
    if (type.trim() !== 'DNS') continue;
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        continue;
      }
    }
    const name = canonical(value);
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}
