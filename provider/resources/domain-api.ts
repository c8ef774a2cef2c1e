import type { CertplaneClient } from '../client.js';
import type { AttributeSpec } from '../framework/schema.js';
import type { TfObject, TfType } from '../protocol/values.js';

/** The Domain fields the provider reads, and how they map onto Terraform attributes. */
export const DOMAIN_FIELDS = `id hostname letsencryptEnabled canonical status statusMessage letsencryptStatus app { id name } primaryCertificate { id }
  dnsRequirements { targets records { name type values } acmeChallenge { name target } ownership { name appValue orgValue } }`;

export interface ApiDomain {
  id: string;
  hostname: string;
  letsencryptEnabled: boolean;
  canonical: boolean;
  status: string;
  statusMessage: string | null;
  letsencryptStatus: string;
  app: { id: string; name: string };
  primaryCertificate: { id: string } | null;
  dnsRequirements: {
    targets: string[];
    records: Array<{ name: string; type: string; values: string[] }>;
    acmeChallenge: { name: string; target: string | null };
    ownership: { name: string; appValue: string; orgValue: string };
  };
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
  acme_challenge_name: { type: 'string', computed: true, description: 'The DNS-01 challenge name, `_acme-challenge.<hostname>` (of the base name for a wildcard).' },
  acme_challenge_target: {
    type: 'string',
    computed: true,
    description: 'Where to delegate `acme_challenge_name` (a CNAME), once, when DNS is hosted elsewhere; null when the platform offers no delegation.',
  },
  ownership_record_name: {
    type: 'string',
    computed: true,
    description: 'The ownership TXT record name (`_certplane-ownership.<hostname>` by default): a TXT record there with `ownership_app_value` or `ownership_org_value` proves control of the hostname, activating a custom certificate before DNS points at the platform.',
  },
  ownership_app_value: { type: 'string', computed: true, description: "Ownership TXT value naming the domain's app." },
  ownership_org_value: { type: 'string', computed: true, description: 'Ownership TXT value naming the organization (one record serves all its apps).' },
  primary_certificate_id: {
    type: 'string',
    computed: true,
    description: 'Id of the certificate an edge serves for the domain: its valid custom certificate, else its newest valid ACME one; null when none is valid. It changes after apply (a certificate issued or imported), so it is up to date after a refresh.',
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
      acme_challenge_record: d.dnsRequirements.acmeChallenge.name,
    },
    acme_challenge_name: d.dnsRequirements.acmeChallenge.name,
    acme_challenge_target: d.dnsRequirements.acmeChallenge.target,
    ownership_record_name: d.dnsRequirements.ownership.name,
    ownership_app_value: d.dnsRequirements.ownership.appValue,
    ownership_org_value: d.dnsRequirements.ownership.orgValue,
    primary_certificate_id: d.primaryCertificate?.id ?? null,
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
