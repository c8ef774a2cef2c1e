/** Naming a domain on the command line: by id (a UUID) or by hostname. */
import type { Client } from './client.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `ref` is an id rather than a hostname. */
export const isId = (ref: string) => UUID.test(ref);

/** The GraphQL selection of the domain named by `ref` (as `domain:`), with its variables. */
export function domainLookup(ref: string): { field: string; varDef: string; variables: Record<string, unknown> } {
  return isId(ref)
    ? { field: 'domain: domain(id: $ref)', varDef: '$ref: ID!', variables: { ref } }
    : { field: 'domain: domainByHostname(hostname: $ref)', varDef: '$ref: String!', variables: { ref } };
}

/** The id of the domain named by `ref` (asked of the API for a hostname; NOT_FOUND when none). */
export async function domainId(client: Client, ref: string): Promise<string> {
  if (isId(ref)) return ref;
  const { field, varDef, variables } = domainLookup(ref);
  const { domain } = await client.request<{ domain: { id: string } }>(`query(${varDef}) { ${field} { id } }`, variables);
  return domain.id;
}
