import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { badInput } from '../../schema/errors.js';

/** Largest page a client may ask for. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
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
  const totalCount = await qb.clone().getCount();
  if (after) {
    const [createdAt, id] = decode(after);
    qb.andWhere(`(${alias}.createdAt, ${alias}.id) > (:afterCreatedAt, :afterId)`, { afterCreatedAt: createdAt, afterId: id });
  }
  const rows = await qb.orderBy(`${alias}.createdAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').take(limit + 1).getMany();
  const nodes = rows.slice(0, limit);
  return { nodes, cursors: nodes.map((n) => encode(n.createdAt, n.id)), hasNextPage: rows.length > limit, totalCount };
}

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
