import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type GatewayInterface = ApolloServerOptionsWithGateway<never>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;

export interface CompiledExecutorOptions {
  /** A document runs on graphql-js until it has been executed this many times, then it is compiled (default 2). */
  compileAfter?: number;
  /** Compiled documents kept; the least recently compiled one goes first (default 500). */
  maxCompiled?: number;
}

/** Operations executed in this process, compiled or by graphql-js (tests read it; so can an operator's probe). */
export const executionCounts = { compiled: 0, graphqlJs: 0 };

interface Entry {
  runs: number;
  /** The compiled query, or null when graphql-jit refused the document (it stays on graphql-js). */
  compiled?: CompiledQuery | null;
}

/**
 * Executes queries through graphql-jit, which compiles a document into a function for this schema: on a
 * page of 50 certificates graphql-js spends its time walking the selection for each of ~400 fields
 * (bench/api.ts). Mutations, and a document seen fewer than `compileAfter` times, run on graphql-js:
 * compiling costs milliseconds, so only documents that come back are worth it, and a client sending
 * ever-new documents costs no more than before. Apollo parses, validates (with the query limits) and
 * formats errors exactly as without it: only execution changes. Documents are keyed by the parsed
 * document Apollo keeps in its document store, and by operation name.
 */
export function compiledExecutor(schema: GraphQLSchema, opts: CompiledExecutorOptions = {}): GatewayExecutor {
  const compileAfter = opts.compileAfter ?? 2;
  const maxCompiled = opts.maxCompiled ?? 500;
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();
  // Compiled entries in compile order, to bound what is held (the WeakMap alone lets Apollo's document
  // store decide, but a compiled function is far larger than the document it came from).
  const compiledOrder: Entry[] = [];

  const entryFor = (document: DocumentNode, operationName: string): Entry => {
    let ops = byDocument.get(document);
    if (!ops) byDocument.set(document, (ops = new Map()));
    let entry = ops.get(operationName);
    if (!entry) ops.set(operationName, (entry = { runs: 0 }));
    return entry;
  };

  return async (rc) => {
    const { document, operation } = rc;
    // The request's operation name, as Apollo's own execution passes it: with no operation of that name
    // (or several operations and no name) Apollo calls this without an operation, and graphql-js's
    // answer becomes OPERATION_RESOLUTION_FAILURE.
    const operationName = rc.request.operationName ?? undefined;
    const variables = rc.request.variables;
    if (operation?.operation === 'query') {
      const entry = entryFor(document, operationName ?? '');
      if (entry.compiled === undefined && ++entry.runs >= compileAfter) {
        const result = compileQuery(schema, document, operationName);
        entry.compiled = isCompiledQuery(result) ? result : null;
        if (entry.compiled) {
          compiledOrder.push(entry);
          if (compiledOrder.length > maxCompiled) {
            const old = compiledOrder.shift()!;
            old.compiled = undefined;
            old.runs = 0;
          }
        }
      }
      if (entry.compiled) {
        executionCounts.compiled++;
        return (await entry.compiled.query(undefined, rc.context, variables ?? {})) as ExecutionResult;
      }
    }
    executionCounts.graphqlJs++;
    return (await execute({ schema, document, contextValue: rc.context, variableValues: variables, operationName })) as ExecutionResult;
  };
}

/** An Apollo "gateway" serving `schema` with `executor`: Apollo's way to take over execution and nothing else. */
export function executorGateway(schema: GraphQLSchema, executor: GatewayExecutor): GatewayInterface {
  return {
    async load() {
      return { schema, executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
