import type { DataSource } from 'typeorm';
import { bind, queryRows } from './db/rows.js';
import { isUuid } from './ids.js';
import { isoString } from './db/pg-types.js';
import { listCacheFor, listCacheStats, type ListCache } from './db/list-cache.js';
import { badInput } from './errors.js';

/** Largest page a client may ask for. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;
/** Page sizes whose page query runs as a prepared statement (others are planned on each call). */
const PREPARED_PAGE_SIZES = new Set([DEFAULT_PAGE, 10, 25, 50, 100]);

export interface Page<T> {
  nodes: T[];
  /** The cursor of nodes[i], made when asked (most page queries read only the last one). */
  cursor(i: number): string;
  hasNextPage: boolean;
  /**
   * A getter: an unfiltered list has it already (read with the page from the organization's counters);
   * a filtered one counts its matches only when a query reads it.
   */
  readonly totalCount: Promise<number>;
}

/** A page whose total comes from `count`, called on first read, once. */
export function lazyPage<T>(nodes: T[], cursor: (node: T) => string, hasNextPage: boolean, count: () => Promise<number>): Page<T> {
  let total: Promise<number> | undefined;
  return {
    nodes,
    cursor: (i) => cursor(nodes[i]),
    hasNextPage,
    get totalCount() {
      return (total ??= count());
    },
  };
}

/** `first` as every list takes it: a whole number from 0 to MAX_PAGE (DEFAULT_PAGE when absent); BAD_USER_INPUT otherwise. */
function pageSize(first: number | undefined | null): number {
  const limit = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, 'first');
  return limit;
}

/**
 * A page of an append-only log ordered by its bigint id (certificate and domain events), oldest first;
 * the cursor is the id, base64url. `load(afterId, take)` returns up to `take` rows with an id above
 * `afterId`, in id order; `count` gives the total when asked. BAD_USER_INPUT for a bad `first` or `after`.
 */
export async function pageById<T extends { id: string }>(
  args: { first?: number | null; after?: string | null },
  load: (afterId: string, take: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const limit = pageSize(args.first);
  let afterId = '0';
  if (args.after) {
    afterId = Buffer.from(args.after, 'base64url').toString('utf8');
    if (!/^\d{1,18}$/.test(afterId)) throw badInput('after is not a cursor returned by this API', 'after');
  }
  const rows = await load(afterId, limit + 1);
  const nodes = rows.slice(0, limit);
  return lazyPage(nodes, (n) => Buffer.from(String(n.id)).toString('base64url'), rows.length > limit, count);
}

const encode = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([isoString(createdAt), id])).toString('base64url');

/** What encode() writes, exactly (Date#toISOString() round-trips): Postgres then parses it the same way. */
function isEncodedTime(s: string): boolean {
  const t = new Date(s);
  return !Number.isNaN(t.getTime()) && t.toISOString() === s;
}

function decode(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && isEncodedTime(v[0]) && isUuid(v[1])) {
      return v as [string, string];
    }
  } catch {
    /* fall through */
  }
  throw badInput('after is not a cursor returned by this API', 'after');
}

/** A list query: `where` holds conditions with `$n` placeholders numbered into `params` (see `bind`). */
export interface ListQuery {
  db: DataSource;
  /** Select list, e.g. from selectColumns(). */
  columns: string;
  table: string;
  alias: string;
  where: string[];
  params: unknown[];
  /**
   * A scalar SQL expression over `params` that gives totalCount in constant time (a counter): it is read
   * with the page, in the same round trip. Without it, totalCount is count(*) of the rows `where`
   * matches, run only when a query asks for it.
   */
  countSql?: string;
  /**
   * Run the page as a prepared statement (see queryRows): only when no condition's best plan depends
   * on the values bound (ids, statuses, the cursor do not; an ILIKE pattern does).
   */
  prepare?: boolean;
  /**
   * A scalar SQL expression on `$1`, which must be the organization id (`params[0]`), that grows with
   * every committed change to the rows listed (organizationVersionSql). With it, a page is read with
   * that version and, where the list cache is on, served again from memory while the version has not
   * grown (db/list-cache.ts).
   */
  versionSql?: string;
}

/**
 * Keyset pagination over (created_at, id), oldest first: stable while rows are added, and an index
 * scan on (organization_id, created_at, id) whatever the page.
 */
export async function paginate<T extends { createdAt: Date; id: string }>(q: ListQuery, first: number | undefined | null, after: string | undefined | null): Promise<Page<T>> {
  const limit = pageSize(first);
  const { db, alias: a } = q;
  const countWhere = q.where.join(' and ');
  const countParams = [...q.params];
  const params = [...q.params];
  const where = [...q.where];
  if (after) {
    const [createdAt, id] = decode(after);
    where.push(`(${a}.created_at, ${a}.id) > (${bind(params, createdAt)}::timestamptz, ${bind(params, id)}::uuid)`);
  }
  const total = q.countSql ? `, ${q.countSql} as "__total"` : '';
  const cache = q.versionSql ? listCacheFor(db) : undefined;
  const version = cache ? `, ${q.versionSql} as "__version"` : '';
  // The limit is written into the text (an integer pageSize checked): bound as a parameter, it made
  // Postgres plan a prepared page on every call, its generic plan costed for an unknown limit looking
  // dearer than each custom one (0.10 ms of the 0.25 ms Postgres spent per page, bench/api.ts --pg-statements).
  const sql = `select ${q.columns}${total}${version} from ${q.table} ${a} where ${where.join(' and ')} order by ${a}.created_at, ${a}.id limit ${limit + 1}`;
  // Each page size is a statement text of its own: only the usual ones get a prepared statement, so a
  // client paging by every size from 0 to 100 cannot use up the process's names (db/rows.ts MAX_STATEMENTS).
  const prepare = q.prepare && PREPARED_PAGE_SIZES.has(limit);
  const rows = cache ? await readPage<T & { __total?: string }>({ ...q, prepare }, cache, sql, params) : await queryRows<T & { __total?: string }>(db, sql, params, { prepare });
  const nodes = rows.slice(0, limit);
  let count: () => Promise<number>;
  if (q.countSql && rows.length) {
    // Rows keep their `__total` (deleting a property slows every later read of the object); GraphQL never shows it.
    const n = Number(rows[0].__total ?? 0);
    count = async () => n;
  } else {
    const countQuery = q.countSql ? `select ${q.countSql} as n` : `select count(*) as n from ${q.table} ${a} where ${countWhere}`;
    count = async () => Number((await queryRows<{ n: string | null }>(db, countQuery, countParams))[0].n ?? 0);
  }
  return lazyPage(nodes, (n) => encode(n.createdAt, n.id), rows.length > limit, count);
}

/**
 * The page's rows (`sql` reads the version as `__version`): from `cache` when it holds them at the
 * organization's current version, else from Postgres, then kept.
 */
async function readPage<R>(q: ListQuery, cache: ListCache, sql: string, params: unknown[]): Promise<readonly R[]> {
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  const kept = cache.get(key);
  if (kept) {
    const [{ v }] = await queryRows<{ v: string }>(q.db, `select ${q.versionSql} as v`, [params[0]], { prepare: true });
    if (v === kept.version) {
      listCacheStats.hits++;
      return kept.rows as readonly R[];
    }
    listCacheStats.stale++;
  } else {
    listCacheStats.misses++;
  }
  const rows = await queryRows<R & { __version: string }>(q.db, sql, params, { prepare: q.prepare });
  // Rows keep their `__version` (and `__total`): GraphQL never shows them.
  if (rows.length) cache.set(key, rows[0].__version, rows);
  else cache.delete(key);
  return rows;
}

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
