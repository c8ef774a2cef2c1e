import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page } from '../server/src/pagination.js';

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** A Relay connection type for `Node`, named `<name>Connection` with `<name>Edge`. */
export function Connection<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String) cursor: string;
    @Field(() => Node) node: T;
  }
  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class Conn {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => [Node], { description: 'The nodes of `edges`, for clients that need no cursors.' }) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    // A promise (counted when asked): it keeps a resolver, which awaits it; the simple fields are read as plain values.
    @Field(() => Int, { simple: false }) totalCount: number;
  }
  return Conn;
}

/** An edge whose cursor is encoded only if a query selects it. */
class LazyEdge<T> {
  constructor(
    private readonly page: Page<unknown>,
    private readonly i: number,
    readonly node: T,
  ) {}
  get cursor(): string {
    return this.page.cursor(this.i);
  }
}

export function toConnection<R, T>(page: Page<R>, map: (row: R) => T): ConnectionShape<T> {
  const nodes = page.nodes.map(map);
  return {
    edges: nodes.map((node, i) => new LazyEdge(page, i, node)),
    nodes,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: nodes.length ? page.cursor(nodes.length - 1) : null },
    get totalCount() {
      return page.totalCount;
    },
  };
}
