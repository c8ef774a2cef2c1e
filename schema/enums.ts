import { registerEnumType } from 'type-graphql';
import { DomainStatus } from '../server/src/domains/status.js';
import { CertificateStatus, KEY_TYPES } from '../server/src/certificates/status.js';
import { REVOCATION_REASONS } from '../server/src/certificates/certificate-service.js';
import { CERTIFICATE_SOURCES, DOMAIN_KINDS } from '../server/src/db/entities.js';

export const DomainStatusEnum = DomainStatus;
export const CertificateStatusEnum = CertificateStatus;
export const KeyTypeEnum = Object.fromEntries(KEY_TYPES.map((k) => [k, k])) as { [K in (typeof KEY_TYPES)[number]]: K };
export const RevocationReasonEnum = Object.fromEntries(Object.keys(REVOCATION_REASONS).map((k) => [k, k])) as {
  [K in keyof typeof REVOCATION_REASONS]: K;
};
export const CertificateSourceEnum = Object.fromEntries(CERTIFICATE_SOURCES.map((s) => [s, s])) as { [K in (typeof CERTIFICATE_SOURCES)[number]]: K };
export const DomainKindEnum = Object.fromEntries(DOMAIN_KINDS.map((k) => [k, k])) as { [K in (typeof DOMAIN_KINDS)[number]]: K };
export const LetsencryptStatusEnum = {
  DISABLED: 'DISABLED',
  PENDING_DNS: 'PENDING_DNS',
  PENDING: 'PENDING',
  VALIDATING: 'VALIDATING',
  ISSUED: 'ISSUED',
  FAILED: 'FAILED',
} as const;

registerEnumType(DomainStatusEnum, {
  name: 'DomainStatus',
  description:
    'PENDING_DNS: waiting for the hostname to point at the platform; CREATING: certificate being issued; IN_USE: an ACME certificate serves (a DEFAULT domain: at once, with the platform certificate once it is issued); NOT_USED: a custom certificate serves (an ACME one, if any, stands by); ACTION_REQUIRED: needs a person (statusMessage says what).',
});
registerEnumType(CertificateStatusEnum, { name: 'CertificateStatus' });
registerEnumType(KeyTypeEnum, { name: 'KeyType', description: 'Private key algorithm and size. Default RSA_2048.' });
registerEnumType(RevocationReasonEnum, { name: 'RevocationReason', description: 'RFC 5280 reason codes a subscriber may give.' });
registerEnumType(CertificateSourceEnum, {
  name: 'CertificateSource',
  description: 'ACME: ordered and renewed by certplane. CUSTOM: imported by the customer (importCustomCertificate), never renewed by certplane.',
});
registerEnumType(DomainKindEnum, {
  name: 'DomainKind',
  description:
    "CUSTOM: added by the organization (addDomain). DEFAULT: the app's <app>.<platform domain> (CERTPLANE_PLATFORM_DOMAIN), made at once with the app, IN_USE, served by the platform certificate, renamed and removed with its app. PLATFORM: the platform's own *.<platform domain> (seen by the platform operator only).",
});
registerEnumType(LetsencryptStatusEnum, { name: 'LetsencryptStatus', description: "State of the domain's automatic certificate." });
