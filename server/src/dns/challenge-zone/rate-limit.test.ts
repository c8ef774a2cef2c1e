import { describe, expect, it } from 'vitest';
import { createRateLimiter, sourceNetwork } from './rate-limit.js';

describe('sourceNetwork', () => {
  it.each([
    ['an IPv4 address counts in its /24', '192.0.2.77', '192.0.2'],
    ['an IPv4-mapped IPv6 address counts as its IPv4 /24', '::ffff:192.0.2.9', '192.0.2'],
    ['an IPv6 address counts in its /56', '2001:db8:aa:bbcc::1', '20010db800aabb'],
    ['a compressed IPv6 address is expanded first', '2001:db8::1', '20010db8000000'],
    ['a zone index is ignored', 'fe80::1%eth0', 'fe800000000000'],
    ['loopback', '::1', '00000000000000'],
  ])('%s', (_, address, network) => {
    expect(sourceNetwork(address)).toBe(network);
  });
});

function limiter(ratePerS: number, opts: { slip?: number; maxNetworks?: number } = {}) {
  let t = 0;
  const l = createRateLimiter({ ratePerS, ...opts, now: () => t });
  return { l, advance: (ms: number) => (t += ms) };
}

describe('the response rate limit', () => {
  it('answers a burst of `rate`, then drops every other answer and truncates the others (slip 2)', () => {
    const { l } = limiter(5);
    const decisions = Array.from({ length: 9 }, () => l.decide('192.0.2.1'));
    expect(decisions).toEqual(['answer', 'answer', 'answer', 'answer', 'answer', 'drop', 'slip', 'drop', 'slip']);
  });

  it('refills at `rate` answers a second', () => {
    const { l, advance } = limiter(10);
    for (let i = 0; i < 10; i++) l.decide('192.0.2.1');
    expect(l.decide('192.0.2.1')).not.toBe('answer');
    advance(100);
    expect(l.decide('192.0.2.1')).toBe('answer');
    expect(l.decide('192.0.2.1')).not.toBe('answer');
  });

  it('counts a /24 together and other networks apart', () => {
    const { l } = limiter(2);
    expect([l.decide('192.0.2.1'), l.decide('192.0.2.200'), l.decide('192.0.2.3')]).toEqual(['answer', 'answer', 'drop']);
    expect(l.decide('198.51.100.1')).toBe('answer');
    expect([l.decide('2001:db8:0:1::1'), l.decide('2001:db8:0:1:ffff::2'), l.decide('2001:db8:0:1::3')]).toEqual(['answer', 'answer', 'drop']);
  });

  it('drops everything past the limit with slip 0, and limits nothing at rate 0', () => {
    const { l } = limiter(1, { slip: 0 });
    expect([l.decide('192.0.2.1'), l.decide('192.0.2.1'), l.decide('192.0.2.1')]).toEqual(['answer', 'drop', 'drop']);
    const off = limiter(0).l;
    expect(Array.from({ length: 1000 }, () => off.decide('192.0.2.1')).every((d) => d === 'answer')).toBe(true);
    expect(off.size()).toBe(0);
  });

  it('tracks at most maxNetworks, forgetting networks whose bucket has filled up first', () => {
    const { l, advance } = limiter(10, { maxNetworks: 100 });
    for (let i = 0; i < 100; i++) l.decide(`10.0.${i}.1`);
    expect(l.size()).toBe(100);
    advance(1000);
    for (let i = 0; i < 10; i++) l.decide('192.0.2.1'); // a new network: the full buckets are forgotten
    expect(l.size()).toBe(1);
    for (let i = 0; i < 300; i++) l.decide(`10.1.${i}.1`); // no time passes: the oldest go
    expect(l.size()).toBeLessThanOrEqual(100);
  });
});
