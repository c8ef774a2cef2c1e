import type { DataSource } from 'typeorm';

/**
 * List pages kept in memory with the version of their organization's data they were read at (the sum
 * of `organization_counts.changes`, read by the page query itself, so in the same snapshot as its
 * rows). A page asked for again is served from here once a one-row query has found that version
 * unchanged: every committed insert, update, delete or truncate of the organization's certificates
 * or domains raises it in its own transaction (migration add-organization-changes), whichever process
 * made it. So a cached page is never older than a change committed before the request. On the API
 * benchmark's page of 50 certificates the page query and the parsing of its rows were most of a
 * request's cost (bench/api.ts); the version check is a one-row read.
 *
 * Bounded by rows held, least recently used first out. Rows are frozen: they are shared by every
 * request that reads the page.
 */
export class ListCache {
  private readonly entries = new Map<string, { version: string; rows: readonly object[] }>();
  private held = 0;

  constructor(readonly maxRows: number) {}

  /** The entry under `key`, now the most recently used. */
  get(key: string): { version: string; rows: readonly object[] } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, version: string, rows: object[]): void {
    this.delete(key);
    if (rows.length > this.maxRows) return;
    for (const row of rows) Object.freeze(row);
    this.entries.set(key, { version, rows });
    this.held += rows.length;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxRows) break;
      this.entries.delete(oldest);
      this.held -= entry.rows.length;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.held -= entry.rows.length;
    }
  }

  /** Rows held now (tests). */
  get rows(): number {
    return this.held;
  }
}

/** Pages served from memory (`hits`), read because none was kept (`misses`) or the kept one was out of date (`stale`), in this process. */
export const listCacheStats = { hits: 0, misses: 0, stale: 0 };

const caches = new WeakMap<DataSource, ListCache>();

/** Turns the cache on for lists read through `db`, holding up to `maxRows` rows; 0 turns it off. */
export function configureListCache(db: DataSource, maxRows: number): void {
  if (maxRows > 0) caches.set(db, new ListCache(maxRows));
  else caches.delete(db);
}

export function listCacheFor(db: DataSource): ListCache | undefined {
  return caches.get(db);
}
