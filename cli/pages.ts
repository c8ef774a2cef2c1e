/** Reading every page of a connection (pages of 100, following pageInfo.endCursor). */
import type { Client } from './client.js';

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Every node of the connection that `pick` finds in the answer to `query`, which must take
 * `$first: Int` and `$after: String` and select `nodes` and `pageInfo { hasNextPage endCursor }`.
 */
export async function allNodes<T, D>(client: Client, query: string, variables: Record<string, unknown>, pick: (data: D) => Page<T>): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page = pick(await client.request<D>(query, { ...variables, first: 100, after }));
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return out;
    after = page.pageInfo.endCursor;
  }
}

export const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
