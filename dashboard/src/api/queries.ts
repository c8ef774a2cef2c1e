/** Every operation the dashboard sends, typed with its result and variables. */
import { op } from './client';
import type { DomainCheck, DomainEvent, DomainPageData, DomainRow } from './types';
import type { CertificateDetail, CertificateEvent, CertificateRow, CertificateStatus, KeyType, Limits, PageInfo, RevocationReason } from './types';

const ROW = `id hostname sans status source issuer keyType expiresAt autoRenew nextRenewalAt statusReason orderInFlight orderHeld domain { id hostname status }`;

export const SIGN_IN = op<{ organization: { name: string; plan: string } }>(`query SignIn { organization { name plan } }`);

export interface CertificatesVars {
  first: number;
  after?: string | null;
  hostname?: string | null;
  status?: CertificateStatus | null;
}
const LIMITS = `limits { plan current max wildcardEnabled autoRenewEnabled manualRenewalEnabled }`;
export const CERTIFICATES = op<{ certificates: { totalCount: number; pageInfo: PageInfo; nodes: CertificateRow[]; limits: Limits } }, CertificatesVars>(
  `query Certificates($first: Int, $after: String, $hostname: String, $status: CertificateStatus) {
    certificates(first: $first, after: $after, hostname: $hostname, status: $status) { totalCount pageInfo { endCursor hasNextPage } nodes { ${ROW} } ${LIMITS} }
  }`,
);

export const CERTIFICATE_CHANGED = op<{ certificateStatusChanged: CertificateRow }, { id?: string | null }>(
  `subscription CertificateChanged($id: ID) { certificateStatusChanged(id: $id) { ${ROW} } }`,
);

const DNS_RECORD = `name type ttl values`;
const DOMAIN_DNS = `actionRequired { reason message since records { ${DNS_RECORD} } }
      dnsRequirements { records { ${DNS_RECORD} } acmeChallenge { name target } ownership { name appValue orgValue } }`;
export const CERTIFICATE = op<{ certificate: CertificateDetail }, { id: string }>(
  `query Certificate($id: ID!) { certificate(id: $id) { ${ROW} serial fingerprint notBefore issuedAt failedAttempts nextAttemptAt revokedAt revocationReason
    domain { id hostname status statusMessage letsencryptEnabled app { name }
      ${DOMAIN_DNS} } } }`,
);

export const CERTIFICATE_EVENTS = op<{ certificateEvents: { totalCount: number; pageInfo: PageInfo; nodes: CertificateEvent[] } }, { id: string; first: number; after?: string | null }>(
  `query CertificateEvents($id: ID!, $first: Int, $after: String) {
    certificateEvents(id: $id, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { id type status message createdAt } } }`,
);

export const CERTIFICATE_PEM = op<{ certificate: { id: string; hostname: string; certificatePem: string | null } }, { id: string }>(
  `query CertificatePem($id: ID!) { certificate(id: $id) { id hostname certificatePem } }`,
);
export const PRIVATE_KEY = op<{ certificate: { id: string; privateKeyPem: string | null } }, { id: string }>(
  `query PrivateKey($id: ID!) { certificate(id: $id) { id privateKeyPem } }`,
);

export const DOMAINS = op<{ domains: { nodes: Array<{ id: string; hostname: string; app: { name: string } }> } }, { hostname?: string | null }>(
  `query Domains($hostname: String) { domains(first: 100, hostname: $hostname) { nodes { id hostname app { name } } } }`,
);
export const APPS = op<{ apps: Array<{ id: string; name: string }> }>(`query Apps { apps { id name } }`);
export const CREATE_APP = op<{ createApp: { id: string; name: string } }, { name: string }>(`mutation CreateApp($name: String!) { createApp(name: $name) { id name } }`);

export interface RequestCertificateInput {
  domain: string;
  sans: string[];
  keyType: KeyType;
  autoRenew: boolean;
}
export const REQUEST_CERTIFICATE = op<{ requestCertificate: CertificateRow }, { input: RequestCertificateInput }>(
  `mutation RequestCertificate($input: RequestCertificateInput!) { requestCertificate(input: $input) { ${ROW} } }`,
);
export const RENEW_CERTIFICATE = op<{ renewCertificate: CertificateRow }, { id: string }>(
  `mutation RenewCertificate($id: ID!) { renewCertificate(id: $id) { ${ROW} } }`,
);
export const REVOKE_CERTIFICATE = op<{ revokeCertificate: CertificateRow }, { id: string; reason: RevocationReason }>(
  `mutation RevokeCertificate($id: ID!, $reason: RevocationReason!) { revokeCertificate(id: $id, reason: $reason) { ${ROW} } }`,
);
export const DELETE_CERTIFICATE = op<{ deleteCertificate: boolean }, { id: string; revoke: boolean }>(
  `mutation DeleteCertificate($id: ID!, $revoke: Boolean!) { deleteCertificate(id: $id, revoke: $revoke) }`,
);
export const ADD_DOMAIN = op<{ addDomain: { id: string; hostname: string; status: string } }, { input: { app: string; hostname: string; letsencryptEnabled: boolean } }>(
  `mutation AddDomain($input: AddDomainInput!) { addDomain(input: $input) { id hostname status } }`,
);

const DOMAIN_ROW = `id hostname status statusMessage letsencryptEnabled kind app { name }`;
export const DOMAIN_LIST = op<{ domains: { totalCount: number; pageInfo: PageInfo; nodes: DomainRow[] } }, { first: number; after?: string | null; hostname?: string | null }>(
  `query DomainList($first: Int, $after: String, $hostname: String) {
    domains(first: $first, after: $after, hostname: $hostname) { totalCount pageInfo { endCursor hasNextPage } nodes { ${DOMAIN_ROW} } } }`,
);
export const DOMAIN = op<{ domain: DomainPageData }, { id: string }>(
  `query Domain($id: ID!) { domain(id: $id) { ${DOMAIN_ROW} dnsCheckedAt ${DOMAIN_DNS} certificates { ${ROW} } } }`,
);
export const DOMAIN_EVENTS = op<{ domainEvents: { pageInfo: PageInfo; nodes: DomainEvent[] } }, { hostname: string; first: number; after?: string | null }>(
  `query DomainEvents($hostname: String!, $first: Int, $after: String) {
    domainEvents(hostname: $hostname, first: $first, after: $after) { pageInfo { endCursor hasNextPage } nodes { id type message createdAt } } }`,
);
export const CHECK_DOMAIN = op<{ checkDomain: DomainCheck }, { id: string }>(
  `mutation CheckDomain($id: ID!) { checkDomain(id: $id) { checkedAt cached dnsConfigured ownershipTxtConfigured caaAllowsIssuer
    validationErrors { code message fix } domain { id status statusMessage } } }`,
);
export const REMOVE_DOMAIN = op<{ removeDomain: boolean }, { id: string; revoke: boolean }>(
  `mutation RemoveDomain($id: ID!, $revoke: Boolean!) { removeDomain(id: $id, revoke: $revoke) }`,
);
