import type { DataSource } from 'typeorm';
import { bind, queryRows } from './db/rows.js';
import { isUuid } from './ids.js';
import { isoString } from './db/pg-types.js';
import { badInput } from '../../schema/errors.js';

/** Largest page a client may ask for. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

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
}

/**
 * Keyset pagination over (created_at, id), oldest first: stable while rows are added, and an index
 * scan on (organization_id, created_at, id) whatever the page.
 */
export async function paginate<T extends { createdAt: Date; id: string }>(q: ListQuery, first: number | undefined | null, after: string | undefined | null): Promise<Page<T>> {
  const limit = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, 'first');
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
  const sql = `select ${q.columns}${total} from ${q.table} ${a} where ${where.join(' and ')} order by ${a}.created_at, ${a}.id limit ${bind(params, limit + 1)}`;
  const rows = await queryRows<T & { __total?: string }>(db, sql, params, { prepare: q.prepare });
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

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
