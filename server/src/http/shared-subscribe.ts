import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GraphQLContext } from '../../../schema/context.js';

type Results = Map<string, Promise<ExecutionResult>>;
const perEvent = new WeakMap<object, Results>();

/**
 * GraphQL `subscribe` that executes each event once per (document, variables, organization, scopes)
 * and shares the result among the subscribers of this process that match all four: 1,000 identical
 * subscriptions cost one execution per event, not 1,000. Sound because every resolver's answer depends
 * on the caller only through its organization and scopes; results go with the event object.
 */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (stream as object))) return stream as ExecutionResult;
  const source = stream as AsyncIterableIterator<unknown>;
  const caller = (args.contextValue as GraphQLContext | undefined)?.caller;
  const key = JSON.stringify([print(args.document), args.operationName ?? null, args.variableValues ?? {}, caller?.organizationId, [...(caller?.scopes ?? [])].sort()]);
  const run = (event: unknown): Promise<ExecutionResult> => {
    if (typeof event !== 'object' || event === null) return Promise.resolve(execute({ ...args, rootValue: event }) as ExecutionResult);
    let results = perEvent.get(event);
    if (!results) perEvent.set(event, (results = new Map()));
    let r = results.get(key);
    if (!r) results.set(key, (r = Promise.resolve(execute({ ...args, rootValue: event }) as ExecutionResult)));
    return r;
  };
  const it: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const n = await source.next();
      return n.done ? { done: true, value: undefined } : { done: false, value: await run(n.value) };
    },
    return: async () => {
      await source.return?.();
      return { done: true, value: undefined };
    },
    throw: async (err) => {
      await source.return?.();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
