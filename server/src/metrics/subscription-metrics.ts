import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { Gauge } from 'prom-client';
import { processRegistry } from './registry.js';

/** GraphQL subscriptions open in this process (over WebSocket, graphql-ws). */
export const openSubscriptions = new Gauge({
  name: 'certplane_graphql_subscriptions_open',
  help: 'GraphQL subscriptions open in this process',
  registers: [processRegistry],
});

type Subscribe = (args: ExecutionArgs) => Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;

/** `subscribe` with each subscription counted from its start until its stream ends or is closed. */
export function countSubscriptions(subscribe: Subscribe): Subscribe {
  return async (args) => {
    const result = await subscribe(args);
    if (!(Symbol.asyncIterator in (result as object))) return result;
    const it = result as AsyncIterableIterator<ExecutionResult>;
    openSubscriptions.inc();
    let open = true;
    const close = () => {
      if (open) openSubscriptions.dec();
      open = false;
    };
    const counted: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const n = await it.next().catch((err: unknown) => (close(), Promise.reject(err)));
        if (n.done) close();
        return n;
      },
      async return(value?: unknown) {
        close();
        return (await it.return?.(value)) ?? { done: true, value: undefined };
      },
      async throw(err?: unknown) {
        close();
        if (it.throw) return it.throw(err);
        throw err;
      },
      [Symbol.asyncIterator]() {
        return counted;
      },
    };
    return counted;
  };
}
