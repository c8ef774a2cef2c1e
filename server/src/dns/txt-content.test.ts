import { describe, expect, it } from 'vitest';
import { quoteTxt, unquoteTxt } from './txt-content.js';

describe('TXT data in presentation form', () => {
  it.each([
    ['an ACME value is one quoted string', 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0', '"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"'],
    ['quotes and backslashes are escaped', 'a"b\\c', '"a\\"b\\\\c"'],
    ['an empty value is an empty string', '', '""'],
    ['a \\DDD escape is kept as it is', 'v=spf1\\032-all', '"v=spf1\\032-all"'],
  ])('%s', (_, value, data) => {
    expect(quoteTxt(value)).toBe(data);
    expect(unquoteTxt(data)).toBe(value);
  });

  it('splits a value over 255 characters into several strings and joins them back', () => {
    const long = 'k'.repeat(300);
    expect(quoteTxt(long)).toBe(`"${'k'.repeat(255)}" "${'k'.repeat(45)}"`);
    expect(unquoteTxt(quoteTxt(long))).toBe(long);
  });

  it('reads an unquoted word as it is', () => {
    expect(unquoteTxt('plain')).toBe('plain');
  });
});
