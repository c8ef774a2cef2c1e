import { getOperationAST, GraphQLError, Kind, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from 'graphql';

/** What a graphql-ws `subscribe` message carries. */
export interface OperationPayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const coded = (code: string, e: GraphQLError, where: { nodes?: GraphQLError['nodes']; source?: GraphQLError['source']; positions?: GraphQLError['positions'] }) =>
  new GraphQLError(e.message, { ...where, originalError: e.originalError ?? e, extensions: { ...e.extensions, code } });

/**
 * Parses, validates and resolves the operation of a GraphQL-over-WebSocket request as Apollo does one
 * over HTTP, with the same parser and validation rules, and fails with the errors Apollo would answer:
 * GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED (whatever code a rule gave), and
 * OPERATION_RESOLUTION_FAILURE with graphql-js's message. graphql-ws on its own sends these without a
 * code, so they were masked as internal errors and logged.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  payload: OperationPayload,
  opts: { maxTokens: number; rules: readonly ValidationRule[] },
): ExecutionArgs | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: opts.maxTokens });
  } catch (err) {
    const e = err instanceof GraphQLError ? err : new GraphQLError(String((err as Error)?.message ?? err), { originalError: err as Error });
    return [coded('GRAPHQL_PARSE_FAILED', e, { source: e.source, positions: e.positions })];
  }
  const invalid = validate(schema, document, opts.rules);
  if (invalid.length) return invalid.map((e) => coded('GRAPHQL_VALIDATION_FAILED', e, { nodes: e.nodes }));
  const operationName = payload.operationName ?? undefined;
  if (!getOperationAST(document, operationName)) {
    // graphql-js's execute() words these; Apollo answers its message with this code.
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
    const message =
      operationName !== undefined ? `Unknown operation named "${operationName}".` : operations > 1 ? 'Must provide operation name if query contains multiple operations.' : 'Must provide an operation.';
    return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  }
  return { schema, document, operationName, variableValues: payload.variables ?? undefined };
}
