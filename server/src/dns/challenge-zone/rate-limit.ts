/**
 * Response rate limiting against reflection (after BIND's RRL): a forged source address can make a
 * UDP server send answers to a victim, so answers per source network are limited. TCP needs no limit
 * (its handshake proves the address). A token bucket per network: `ratePerS` answers a second, a burst
 * of as many; past it every `slip`-th answer goes out truncated (TC=1, a few dozen bytes: a real
 * client retries over TCP) and the others are dropped.
 */
import net from 'node:net';

export type RateDecision = 'answer' | 'slip' | 'drop';

export interface RateLimiterOptions {
  /** Answers per second to one source network; 0 = no limit. */
  ratePerS: number;
  /** Every n-th limited answer is sent truncated instead of dropped (default 2; 0 = drop them all). */
  slip?: number;
  /** Most networks tracked (default 100,000); networks whose bucket is full are forgotten first. */
  maxNetworks?: number;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
}

export interface RateLimiter {
  decide(address: string): RateDecision;
  /** Networks tracked now. */
  size(): number;
}

interface Bucket {
  tokens: number;
  at: number;
  limited: number;
}

/**
 * The network an address is counted in: IPv4 /24 (`192.0.2`), IPv6 /56 (the first 14 hex digits);
 * an IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function sourceNetwork(address: string): string {
  const ip = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped || net.isIPv4(ip)) {
    const v4 = mapped ? mapped[1] : ip;
    return v4.slice(0, v4.lastIndexOf('.'));
  }
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.padStart(4, '0')).join('').slice(0, 14);
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const rate = opts.ratePerS;
  const slip = opts.slip ?? 2;
  const max = opts.maxNetworks ?? 100_000;
  const now = opts.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();

  /** Forgets networks whose bucket has filled up again (the same as never seen); then the oldest, if still full. */
  const sweep = (t: number) => {
    for (const [key, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * rate >= rate) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size < max) break;
      buckets.delete(key);
    }
  };

  return {
    decide(address) {
      if (rate <= 0) return 'answer';
      const t = now();
      const key = sourceNetwork(address);
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= max) sweep(t);
        buckets.set(key, (b = { tokens: rate, at: t, limited: 0 }));
      } else {
        b.tokens = Math.min(rate, b.tokens + ((t - b.at) / 1000) * rate);
        b.at = t;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 'answer';
      }
      b.limited += 1;
      return slip > 0 && b.limited % slip === 0 ? 'slip' : 'drop';
    },
    size: () => buckets.size,
  };
}
