import { afterEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createWakeUps, type WakeUps } from './wake-up.js';

/** A DataSource that records the NOTIFYs sent, with when. */
function recordingDb() {
  const sent: Array<{ at: number; count: number }> = [];
  const db = { query: async (_sql: string, params: string[]) => void sent.push({ at: Date.now(), count: JSON.parse(params[0]).count }) };
  return { db: db as unknown as DataSource, sent };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let w: WakeUps | undefined;
afterEach(() => w?.stop());

describe('wake-ups for jobs queued to run shortly', () => {
  it('signals graphile-worker when the job falls due, not before', async () => {
    const { db, sent } = recordingDb();
    w = createWakeUps(db);
    const t0 = Date.now();
    w.at(new Date(t0 + 150));
    await sleep(100);
    expect(sent).toEqual([]);
    await sleep(120);
    expect(sent).toHaveLength(1);
    expect(sent[0].at - t0).toBeGreaterThanOrEqual(150);
  });

  it('jobs due together share one signal that wakes as many workers', async () => {
    const { db, sent } = recordingDb();
    w = createWakeUps(db);
    const due = new Date(Date.now() + 60);
    for (let i = 0; i < 3; i++) w.at(due);
    await sleep(150);
    expect(sent.map((s) => s.count)).toEqual([3]);
  });

  it('leaves long waits and jobs already due to polling', async () => {
    const { db, sent } = recordingDb();
    w = createWakeUps(db);
    w.at(new Date(Date.now() + 60_000));
    w.at(new Date(Date.now() - 10));
    await sleep(50);
    expect(sent).toEqual([]);
  });

  it('sends nothing once stopped', async () => {
    const { db, sent } = recordingDb();
    w = createWakeUps(db);
    w.at(new Date(Date.now() + 40));
    w.stop();
    await sleep(80);
    expect(sent).toEqual([]);
  });
});
