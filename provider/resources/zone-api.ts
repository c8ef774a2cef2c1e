import type { CertplaneClient } from '../client.js';
import { ApiError } from '../client.js';
import type { AttributeSpec } from '../framework/schema.js';
import type { TfObject } from '../protocol/values.js';

/** The Zone fields the provider reads, and how they map onto Terraform attributes. */
export const ZONE_FIELDS = 'id name status statusMessage verificationRecord { name type value } nameservers verifiedAt verifiedBy';

export interface ApiZone {
  id: string;
  name: string;
  status: 'PENDING_VERIFICATION' | 'VERIFIED';
  statusMessage: string | null;
  verificationRecord: { name: string; type: string; value: string };
  nameservers: string[];
  verifiedAt: string | null;
  verifiedBy: 'TXT' | 'NS' | null;
}

/** Label of the zone's verification TXT record (`_certplane-zone.<zone>`, the API's ZONE_RECORD_LABEL). */
export const ZONE_RECORD_LABEL = '_certplane-zone';

/** Computed attributes shared by the resource and the data source. */
export const ZONE_COMPUTED: Record<string, AttributeSpec> = {
  status: { type: 'string', computed: true, description: 'PENDING_VERIFICATION until control of the zone is proven, then VERIFIED.' },
  status_message: { type: 'string', computed: true, description: "What certplane's last check saw and what to do, in words." },
  verification_record_name: { type: 'string', computed: true, description: 'Name of the TXT record that proves control: `_certplane-zone.<name>`.' },
  verification_record_type: { type: 'string', computed: true, description: 'Always TXT.' },
  verification_record_value: {
    type: 'string',
    computed: true,
    description: "The TXT record's value, this zone's own: a zone imported again (after a destroy, or in another organization) has another one.",
  },
  nameservers: {
    type: ['list', 'string'],
    computed: true,
    description: "The platform's nameservers: a zone whose NS records name only these is verified without the TXT record. Empty when the platform offers none.",
  },
  verified_at: { type: 'string', computed: true, description: 'RFC 3339 time control was proven; null while pending.' },
  verified_by: { type: 'string', computed: true, description: 'How control was proven: TXT (the verification record) or NS (delegation to `nameservers`); null while pending.' },
};

export function zoneState(z: ApiZone): TfObject {
  return {
    id: z.id,
    name: z.name,
    status: z.status,
    status_message: z.statusMessage,
    verification_record_name: z.verificationRecord.name,
    verification_record_type: z.verificationRecord.type,
    verification_record_value: z.verificationRecord.value,
    nameservers: z.nameservers,
    verified_at: z.verifiedAt,
    verified_by: z.verifiedBy,
  };
}

export async function getZone(client: CertplaneClient, id: string, signal?: AbortSignal): Promise<ApiZone> {
  return (await client.query<{ zone: ApiZone }>(`query($id: ID!) { zone(id: $id) { ${ZONE_FIELDS} } }`, { id }, signal)).zone;
}

/** The organization's zone named `name` (already normalised: lower case, punycode, no trailing dot); NOT_FOUND otherwise. */
export async function getZoneByName(client: CertplaneClient, name: string, signal?: AbortSignal): Promise<ApiZone> {
  const q = `query($after: String) { zones(first: 100, after: $after) { nodes { ${ZONE_FIELDS} } pageInfo { hasNextPage endCursor } } }`;
  let after: string | null = null;
  for (;;) {
    type Page = { zones: { nodes: ApiZone[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page: Page = await client.query<Page>(q, { after }, signal);
    const found = page.zones.nodes.find((z) => z.name === name);
    if (found) return found;
    if (!page.zones.pageInfo.hasNextPage || !page.zones.pageInfo.endCursor) throw new ApiError(`zone ${name} not found`, 'NOT_FOUND');
    after = page.zones.pageInfo.endCursor;
  }
}

export async function importZone(client: CertplaneClient, name: string, signal?: AbortSignal): Promise<ApiZone> {
  return (await client.query<{ importZone: ApiZone }>(`mutation($name: String!) { importZone(name: $name) { ${ZONE_FIELDS} } }`, { name }, signal)).importZone;
}

/** Checks the zone's DNS now (a verified zone comes back as it is). */
export async function verifyZone(client: CertplaneClient, id: string, signal?: AbortSignal): Promise<ApiZone> {
  return (await client.query<{ verifyZone: ApiZone }>(`mutation($id: ID!) { verifyZone(id: $id) { ${ZONE_FIELDS} } }`, { id }, signal)).verifyZone;
}

export async function deleteZone(client: CertplaneClient, id: string, signal?: AbortSignal): Promise<void> {
  await client.query(`mutation($id: ID!) { deleteZone(id: $id) }`, { id }, signal);
}
