/**
 * TXT data in zone-file presentation form (RFC 1035 section 5.1), as the record-set APIs of Route 53
 * and Cloud DNS take and give it: each value is one or more quoted character-strings, with `"` and `\`
 * escaped, at most 255 characters each (longer values are split; resolvers' users join them again).
 * A `\DDD` escape is kept as it is both ways (vendors differ on decimal or octal), so values a person
 * put at the name survive a read and write back.
 */

const MAX_STRING = 255;

/** A value as TXT data: `abc` -> `"abc"`; over 255 characters, several quoted strings. */
export function quoteTxt(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length || i === 0; i += MAX_STRING) parts.push(value.slice(i, i + MAX_STRING));
  return parts.map((p) => `"${p.replace(/"|\\(?!\d{3})/g, (c) => `\\${c}`)}"`).join(' ');
}

/** Back from TXT data (one or more quoted strings, or an unquoted word) to the value. */
export function unquoteTxt(data: string): string {
  const parts = data.match(/"((?:[^"\\]|\\.)*)"/g);
  if (!parts) return data;
  return parts.map((p) => p.slice(1, -1).replace(/\\(\d{3}|.)/g, (e: string, c: string) => (c.length === 3 ? e : c))).join('');
}
