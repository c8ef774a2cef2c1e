/** `certplane events <id>`: a certificate's or a domain's event log, oldest first. */
import type { Command } from 'commander';
import { apiError, type Client } from '../client.js';
import { ApiError } from '../errors.js';
import { allNodes, PAGE_INFO, type Page } from '../pages.js';
import { isId } from '../refs.js';
import { action, type Runtime } from '../runtime.js';
import { table, type Column } from '../table.js';

interface Event {
  createdAt: string;
  type: string;
  /** Certificate events only: the status after this step. */
  status?: string;
  message: string;
}

const domainEvents = (client: Client, hostname: string) =>
  allNodes<Event, { domainEvents: Page<Event> }>(
    client,
    `query($hostname: String!, $first: Int, $after: String) { domainEvents(hostname: $hostname, first: $first, after: $after) { nodes { createdAt type message } ${PAGE_INFO} } }`,
    { hostname },
    (d) => d.domainEvents,
  );

/** A certificate's events for a certificate id; else the domain's (by id or hostname). */
async function eventsOf(client: Client, ref: string): Promise<{ of: 'certificate' | 'domain'; events: Event[] }> {
  if (!isId(ref)) return { of: 'domain', events: await domainEvents(client, ref) };
  try {
    const events = await allNodes<Event, { certificateEvents: Page<Event> }>(
      client,
      `query($id: ID!, $first: Int, $after: String) { certificateEvents(id: $id, first: $first, after: $after) { nodes { createdAt type status message } ${PAGE_INFO} } }`,
      { id: ref },
      (d) => d.certificateEvents,
    );
    return { of: 'certificate', events };
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'NOT_FOUND') throw e;
  }
  // Not a certificate: a domain id, or nothing of the organization.
  const res = await client.raw<{ domain: { hostname: string } | null }>('query($id: ID!) { domain(id: $id) { hostname } }', { id: ref });
  if (res.errors?.[0]?.extensions?.code === 'NOT_FOUND') throw new ApiError(`no certificate or domain ${ref}`, 'NOT_FOUND');
  if (res.errors?.length || !res.data?.domain) throw apiError(res.errors ?? []);
  return { of: 'domain', events: await domainEvents(client, res.data.domain.hostname) };
}

/** Registers `events`. */
export function registerEvents(program: Command, rt: Runtime): void {
  program
    .command('events <id>')
    .description("a certificate's event log (by certificate id) or a domain's (by domain id or hostname), oldest first")
    .action(
      action(rt, async (ref: string) => {
        const client = await rt.client();
        const { of, events } = await eventsOf(client, ref);
        rt.print(events, () =>
          table(events, [
            ['CREATED_AT', (e) => e.createdAt],
            ['TYPE', (e) => e.type],
            ...(of === 'certificate' ? [['STATUS', (e: Event) => e.status] as Column<Event>] : []),
            ['MESSAGE', (e) => e.message],
          ]),
        );
      }),
    );
}
