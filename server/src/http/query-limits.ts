import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Limits on one GraphQL document, checked before execution. Defaults suit every query the API needs. */
export interface QueryLimits {
  /** Deepest selection nesting (default 12; the deepest useful query is about 7). */
  maxDepth: number;
  /** Most fields selected in one document, fragments expanded (default 1500; aliases count too). */
  maxFields: number;
  /** Most lexical tokens the parser reads (default 10000): stops huge documents before validation. */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxFields: 1500, maxTokens: 10_000 };

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });

/**
 * A validation rule that walks each operation, expanding fragments (each at most once per path, so
 * cycles stop), counting depth and fields; reports the first limit exceeded.
 */
export function createQueryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    return {
      OperationDefinition(op) {
        let fields = 0;
        let reported = false;
        const report = (e: GraphQLError) => {
          if (!reported) context.reportError(e);
          reported = true;
        };
        const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): void => {
          if (reported) return;
          if (depth > limits.maxDepth) return report(tooComplex(`query is nested ${depth} levels deep; the limit is ${limits.maxDepth}`));
          for (const sel of set.selections) {
            if (sel.kind === Kind.FIELD) {
              if (++fields > limits.maxFields) return report(tooComplex(`query selects more than ${limits.maxFields} fields; ask for fewer or page through results`));
              // Introspection (GraphiQL's schema query nests ofType 9 deep) touches no data: its size is bounded by maxTokens.
              if (sel.selectionSet && !sel.name.value.startsWith('__')) walk(sel.selectionSet, depth + 1, seen);
            } else if (sel.kind === Kind.INLINE_FRAGMENT) {
              walk(sel.selectionSet, depth, seen);
            } else {
              const name = sel.name.value;
              const frag = fragments.get(name);
              if (!frag || seen.has(name)) continue; // unknown or cyclic fragments are reported by the standard rules
              walk(frag.selectionSet, depth, new Set([...seen, name]));
            }
            if (reported) return;
          }
        };
        walk(op.selectionSet, 1, new Set());
      },
    };
  };
}
