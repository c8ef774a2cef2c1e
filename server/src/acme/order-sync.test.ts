import { describe, expect, it } from 'vitest';
import { pollDelay } from './order-sync.js';

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
