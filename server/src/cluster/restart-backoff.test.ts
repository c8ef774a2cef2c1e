import { describe, expect, it } from 'vitest';
import { HEALTHY_AFTER_MS, RESTART_MAX_MS, nextRestart } from './restart-backoff.js';

describe('re-forking a crashed HTTP worker', () => {
  it.each([
    ['the first crash waits 250 ms', 0, 1_000, { failures: 1, delayMs: 250 }],
    ['a second quick crash waits twice as long', 1, 1_000, { failures: 2, delayMs: 500 }],
    ['a fourth quick crash waits 2 s', 3, 1_000, { failures: 4, delayMs: 2_000 }],
    ['crash loops are capped at 10 s', 12, 1_000, { failures: 13, delayMs: RESTART_MAX_MS }],
    ['a worker that ran for a while starts the backoff afresh', 12, HEALTHY_AFTER_MS, { failures: 1, delayMs: 250 }],
  ])('%s', (_name, previous, livedMs, expected) => {
    expect(nextRestart(previous, livedMs)).toEqual(expected);
  });
});
