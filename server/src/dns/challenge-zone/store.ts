/**
 * The in-memory copy of the challenge zone's rows that a serving process answers from: loaded at
 * start, one name reloaded when any process commits a change to it (CHALLENGE_ZONE_CHANGED over
 * LISTEN/NOTIFY: a few ms after the commit), and everything reloaded every `fullReloadMs` in case a
 * notification was lost (the LISTEN connection dropped). Loads run one at a time, in the order they
 * were asked for, so an older read never overwrites a newer one.
 */
import type { DataSource } from 'typeorm';
import type { EventBus } from '../../pubsub/listener.js';
import type { Logger } from '../../logger.js';
import type { ZoneRecords } from './answer.js';
import { loadChallengeRecords, type ChallengeRecord } from './records.js';

/** Default interval of the full reload (ms): the longest a value can stay unseen when its notification was lost. */
export const FULL_RELOAD_MS = 10_000;

export interface ChallengeZoneStore extends ZoneRecords {
  /** Names holding values now. */
  names(): number;
  /** Reads every row again (what the timer does); resolves once applied. */
  reload(): Promise<void>;
  /** Resolves when every load asked for so far has been applied (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChallengeZoneStoreOptions {
  db: DataSource;
  /** A LISTEN connection of this process's own (createEventBus). */
  bus: EventBus;
  /** The zone: rows outside it (a zone renamed since) are not answered. */
  zone: string;
  log: Logger;
  fullReloadMs?: number;
}

/** The values by name, and how many names with values lie below each name (for empty non-terminals). */
class Copy {
  readonly values = new Map<string, readonly string[]>();
  private readonly below = new Map<string, number>();

  constructor(private readonly zone: string) {}

  set(name: string, values: readonly string[]): void {
    if (name !== this.zone && !name.endsWith(`.${this.zone}`)) return;
    const had = this.values.has(name);
    if (values.length) this.values.set(name, values);
    else this.values.delete(name);
    if (had !== values.length > 0) {
      for (let n = name; n !== this.zone; ) {
        n = n.slice(n.indexOf('.') + 1);
        const count = (this.below.get(n) ?? 0) + (had ? -1 : 1);
        if (count > 0) this.below.set(n, count);
        else this.below.delete(n);
      }
    }
  }

  hasBelow(name: string): boolean {
    return this.below.has(name);
  }
}

const grouped = (rows: ChallengeRecord[]) => {
  const byName = new Map<string, string[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r.value]);
  return byName;
};

export async function startChallengeZoneStore(opts: ChallengeZoneStoreOptions): Promise<ChallengeZoneStore> {
  const { db, zone, log } = opts;
  let copy = new Copy(zone);
  let queue: Promise<void> = Promise.resolve();
  let stopped = false;

  /** Runs `load` after every earlier one; a failed load is logged and leaves the copy as it was. */
  const enqueue = (what: string, load: () => Promise<void>) =>
    (queue = queue.then(async () => {
      if (stopped) return;
      try {
        await load();
      } catch (err) {
        log.warn('challenge zone: reload failed, answering from the last copy', { what, error: String(err) });
      }
    }));
  const reloadAll = () =>
    enqueue('all', async () => {
      const next = new Copy(zone);
      for (const [name, values] of grouped(await loadChallengeRecords(db))) next.set(name, values);
      copy = next;
    });
  // Names with a reload queued and not started: a burst of changes to one name is one read.
  const pending = new Set<string>();
  const reloadName = (name: string) => {
    if (pending.has(name)) return queue;
    pending.add(name);
    return enqueue(name, async () => {
      pending.delete(name);
      copy.set(name, (await loadChallengeRecords(db, name)).map((r) => r.value));
    });
  };

  // Listen first, then load: a change committed in between is heard and applied after the load.
  const changes = opts.bus.subscribe('CHALLENGE_ZONE_CHANGED', () => true);
  const listening = (async () => {
    for await (const { name } of changes) void reloadName(name);
  })();
  await reloadAll();
  const timer = setInterval(() => void reloadAll(), opts.fullReloadMs ?? FULL_RELOAD_MS);
  timer.unref();

  return {
    txt: (name) => copy.values.get(name),
    hasBelow: (name) => copy.hasBelow(name),
    names: () => copy.values.size,
    reload: () => reloadAll(),
    settled: () => queue,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await changes.return?.();
      await listening;
      await queue;
    },
  };
}
