import { describe, expect, it } from 'vitest';
import { defaultTimestamptzParser, isoString, parseTimestamptz } from './pg-types.js';

const same = (s: string) => {
  const fast = parseTimestamptz(s);
  const slow = defaultTimestamptzParser(s);
  return [s, fast instanceof Date ? fast.getTime() : fast, slow instanceof Date ? slow.getTime() : slow];
};

/** How Postgres prints a timestamptz in a UTC session, with `digits` of fraction (0-6). */
function pgText(ms: number, micros: number, digits: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-23T17:50:27.747Z
  const frac = (iso.slice(20, 23) + String(micros).padStart(3, '0')).slice(0, digits).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''}+00`;
}

describe('timestamptz parser', () => {
  it('reads what Postgres prints exactly as the default parser does', () => {
    const cases = [
      '2026-11-23 17:50:27.747+00',
      '2026-11-23 17:50:27.747123+00',
      '2026-11-23 17:50:27.7+00',
      '2026-11-23 17:50:27+00',
      '1969-12-31 23:59:59.999999+00',
      '1970-01-01 00:00:00+00',
      '2000-02-29 12:00:00.5+00',
      '9999-12-31 23:59:59.999999+00',
      // Handed to the default parser: not the UTC form, or dates Date.UTC cannot take as they are.
      '0001-01-01 00:00:00+00',
      '0099-03-01 00:00:00+00',
      '2026-11-23 17:50:27+05:30',
      '2026-11-23 17:50:27.1-08',
      '2026-11-23 17:50:27+05:30:15',
      '0044-03-15 12:00:00+00 BC',
      '12026-01-01 00:00:00+00',
      'infinity',
      '-infinity',
      '2026-11-23 17:50:27.+00',
    ];
    for (const s of cases) {
      const [, fast, slow] = same(s);
      expect(fast, s).toEqual(slow);
    }
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor((Math.random() - 0.3) * 2 ** 42);
      const [s, fast, slow] = same(pgText(ms, Math.floor(Math.random() * 1000), Math.floor(Math.random() * 7)));
      expect(fast, String(s)).toEqual(slow);
    }
  });

  it('is the parser pg uses', async () => {
    const pg = (await import('pg')).default;
    expect(pg.types.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
  });

  it('gives each Date the ISO string toISOString() would, and recomputes it once the Date is changed', () => {
    // Feb 30 and Apr 31 never come from Postgres; Date.UTC rolls them over, and the ISO form follows the Date.
    const texts = ['2026-02-30 10:00:00+00', '2026-04-31 10:00:00.5+00', '2024-02-29 10:00:00+00', '2026-11-23 17:50:27.747123+00', '2026-11-23 17:50:27.7+00', '2026-11-23 17:50:27+00', '2000-02-29 12:00:00.05+00', '2026-11-23 17:50:27+05:30', 'infinity'];
    for (let i = 0; i < 20_000; i++) texts.push(pgText(Math.floor((Math.random() - 0.3) * 2 ** 42), Math.floor(Math.random() * 1000), Math.floor(Math.random() * 7)));
    for (const s of texts) {
      const d = parseTimestamptz(s);
      if (!(d instanceof Date) || Number.isNaN(d.getTime())) continue;
      expect(isoString(d), s).toBe(d.toISOString());
    }
    const d = parseTimestamptz('2026-11-23 17:50:27.747+00') as Date;
    expect(isoString(d)).toBe('2026-11-23T17:50:27.747Z');
    d.setTime(d.getTime() + 1000);
    expect(isoString(d)).toBe('2026-11-23T17:50:28.747Z');
    expect(isoString(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
