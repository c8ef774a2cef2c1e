import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { badInput } from '../../schema/errors.js';

/** Largest page a client may ask for. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  /** Counted only when read (a getter): most page queries don't ask for it, and counting is the costly part. */
  readonly totalCount: Promise<number>;
}

/** A page whose total is counted on first read, once. */
export function lazyPage<T>(nodes: T[], cursors: string[], hasNextPage: boolean, count: () => Promise<number>): Page<T> {
  let total: Promise<number> | undefined;
  return {
    nodes,
    cursors,
    hasNextPage,
    get totalCount() {
      return (total ??= count());
    },
  };
}

const encode = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

function decode(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return v as [string, string];
    }
  } catch {
    /* fall through */
  }
  throw badInput('after is not a cursor returned by this API', 'after');
}

/**
 * Keyset pagination over (created_at, id), oldest first: stable while rows are added, and an index
 * scan on (organization_id, created_at, id) whatever the page.
 */
export async function paginate<T extends ObjectLiteral & { createdAt: Date; id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  first: number | undefined | null,
  after: string | undefined | null,
): Promise<Page<T>> {
  const limit = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, 'first');
  const countQb = qb.clone();
  if (after) {
    const [createdAt, id] = decode(after);
    qb.andWhere(`(${alias}.createdAt, ${alias}.id) > (:afterCreatedAt, :afterId)`, { afterCreatedAt: createdAt, afterId: id });
  }
  const rows = await qb.orderBy(`${alias}.createdAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').take(limit + 1).getMany();
  const nodes = rows.slice(0, limit);
  const count = async () => Number((await countQb.orderBy().select('count(*)', 'n').getRawOne<{ n: string }>())?.n ?? 0);
  return lazyPage(nodes, nodes.map((n) => encode(n.createdAt, n.id)), rows.length > limit, count);
}

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
