const loaded = new WeakMap<object, Promise<unknown>>();

/**
 * The event bus hands one payload object to every subscriber of a process; what a subscription
 * resolver loads for it is loaded once and shared (1,000 subscribers: 1 query, not 1,000).
 * Entries go with the event object.
 */
export function onceForEvent<T>(event: object, load: () => Promise<T>): Promise<T> {
  let p = loaded.get(event) as Promise<T> | undefined;
  if (!p) {
    p = load();
    loaded.set(event, p);
  }
  return p;
}
