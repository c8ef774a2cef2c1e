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

/** The organization's domain with exactly this hostname (the API normalises case, a trailing dot and IDN); NOT_FOUND otherwise. */
export async function getDomainByHostname(client: CertplaneClient, hostname: string, signal?: AbortSignal): Promise<ApiDomain> {
  const q = `query($h: String!) { domainByHostname(hostname: $h) { ${DOMAIN_FIELDS} } }`;
  return (await client.query<{ domainByHostname: ApiDomain }>(q, { h: hostname }, signal)).domainByHostname;
}

/** Whether `app` (an app's name or id) is the app the domain belongs to. */
export function inApp(d: ApiDomain, app: string): boolean {
  return d.app.name === app || d.app.id === app;
}
