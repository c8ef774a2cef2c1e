import { describe, expect, it } from 'vitest';
import acme from 'acme-client';
import { csrSubject, pollDelay } from './order-sync.js';

const t0 = new Date('2026-11-23T12:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

describe('pollDelay', () => {
  it.each([
    ['polls after 250 ms when the step has just started', 0, 2000, 250],
    ['polls after 250 ms when the step started without a recorded time', null, 2000, 250],
    ['waits half the time waited so far', 1200, 2000, 600],
    ['never waits longer than the step allows', 60_000, 1000, 1000],
  ])('%s', (_name, elapsed, max, expected) => {
    expect(pollDelay(elapsed === null ? null : t0, after(elapsed ?? 0), max)).toBe(expected);
  });
});

describe('csrSubject: the CSR certplane sends', () => {
  const long = `${'w'.repeat(50)}.${'x'.repeat(11)}.example.test`; // 75 bytes: over 64
  const longer = `${'w'.repeat(50)}.${'y'.repeat(15)}.example.test`;
  it('takes the hostnames under test at their length', () => {
    expect([long.length, longer.length]).toEqual([75, 79]);
  });
  it.each<[string, string[], string | undefined]>([
    ['a short name is the Common Name', ['www.example.test'], 'www.example.test'],
    ['a 75-byte name is not a Common Name (Let\'s Encrypt refuses CNs over 64 bytes: badCSR)', [long], undefined],
    ['the first name that fits is the Common Name when the first does not', [longer, 'www.example.test'], 'www.example.test'],
    ['a wildcard that fits is the Common Name', ['*.example.test', 'example.test'], '*.example.test'],
    ['a name of exactly 64 bytes still fits', [`${'a'.repeat(51)}.example.test`], `${'a'.repeat(51)}.example.test`],
  ])('%s', async (_name, names, cn) => {
    expect(csrSubject(names)).toEqual(cn ? { commonName: cn, altNames: names } : { altNames: names });
    // And the CSR acme-client builds from it: every name in the SAN list, the CN within 64 bytes or absent.
    const [key] = await acme.crypto.createCsr({ commonName: 'x.test' });
    const [, csr] = await acme.crypto.createCsr(csrSubject(names), key);
    const read = acme.crypto.readCsrDomains(csr);
    expect(read.altNames).toEqual(names);
    expect(read.commonName ?? undefined).toBe(cn);
    if (read.commonName) expect(Buffer.byteLength(read.commonName)).toBeLessThanOrEqual(64);
  });
});
