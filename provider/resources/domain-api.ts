import type { CertplaneClient } from '../client.js';
import type { AttributeSpec } from '../framework/schema.js';
import type { TfObject, TfType } from '../protocol/values.js';

/** The Domain fields the provider reads, and how they map onto Terraform attributes. */
export const DOMAIN_FIELDS = `id hostname letsencryptEnabled canonical status statusMessage letsencryptStatus app { id name }
  dnsRequirements { targets records { name type values } acmeChallengeRecord }`;

export interface ApiDomain {
  id: string;
  hostname: string;
  letsencryptEnabled: boolean;
  canonical: boolean;
  status: string;
  statusMessage: string | null;
  letsencryptStatus: string;
  app: { id: string; name: string };
  dnsRequirements: { targets: string[]; records: Array<{ name: string; type: string; values: string[] }>; acmeChallengeRecord: string };
}

export const DNS_REQUIREMENTS_TYPE: TfType = [
  'object',
  {
    targets: ['list', 'string'],
    records: ['list', ['object', { name: 'string', type: 'string', values: ['list', 'string'] }]],
    acme_challenge_record: 'string',
  },
];

/** Computed attributes shared by the resource and the data source. */
export const DOMAIN_COMPUTED: Record<string, AttributeSpec> = {
  status: { type: 'string', computed: true, description: 'PENDING_DNS, CREATING, IN_USE, NOT_USED or ACTION_REQUIRED.' },
  status_message: { type: 'string', computed: true, description: 'Why the domain is in its status, in words.' },
  letsencrypt_status: { type: 'string', computed: true, description: "State of the domain's automatic certificate: DISABLED, PENDING_DNS, PENDING, VALIDATING, ISSUED or FAILED." },
  dns_requirements: {
    type: DNS_REQUIREMENTS_TYPE,
    computed: true,
    description: 'DNS instructions: `targets` to point the hostname at, `records` to create, and `acme_challenge_record`, the `_acme-challenge` name to delegate (CNAME) when DNS is hosted elsewhere.',
  },
};

export function domainState(d: ApiDomain): TfObject {
  return {
    id: d.id,
    common_name: d.hostname,
    app: d.app.name,
    letsencrypt_enabled: d.letsencryptEnabled,
    canonical: d.canonical,
    status: d.status,
    status_message: d.statusMessage,
    letsencrypt_status: d.letsencryptStatus,
    dns_requirements: {
      targets: d.dnsRequirements.targets,
      records: d.dnsRequirements.records.map((r) => ({ name: r.name, type: r.type, values: r.values })),
      acme_challenge_record: d.dnsRequirements.acmeChallengeRecord,
    },
  };
}

export async function getDomain(client: CertplaneClient, id: string, signal?: AbortSignal): Promise<ApiDomain> {
  return (await client.query<{ domain: ApiDomain }>(`query($id: ID!) { domain(id: $id) { ${DOMAIN_FIELDS} } }`, { id }, signal)).domain;
}

/** The domain with exactly this (normalized) hostname, optionally in one app; undefined when none. */
export async function findDomainByHostname(client: CertplaneClient, hostname: string, app?: string, signal?: AbortSignal): Promise<ApiDomain | undefined> {
  const { domains } = await client.query<{ domains: { edges: Array<{ node: ApiDomain }> } }>(
    `query($h: String!, $app: String) { domains(hostname: $h, app: $app, first: 100) { edges { node { ${DOMAIN_FIELDS} } } } }`,
    { h: hostname, app: app ?? null },
    signal,
  );
  return domains.edges.map((e) => e.node).find((d) => d.hostname === hostname);
}
