/** DNS diagnostics of a custom domain: diagnoseDomain and the pure pieces it is built from. */
export { diagnoseDomain, type DiagnoseOptions, type DomainDiagnosis } from './diagnose-domain.js';
export { DiagnosisCode, type ValidationError } from './codes.js';
export { diagnose, type Expectations, type Verdict } from './diagnose.js';
export { lookupCaa, lookupDomain, WILDCARD_PROBE_LABEL, type DomainLookup, type LookupSource } from './lookup.js';
export { CaaReason, caaSearchNames, caaText, evaluateCaa, relevantCaaSet, type CaaEvaluation, type CaaRecord } from './caa.js';
export { DNS_HOSTS, detectDnsHost, type DnsHost } from './dns-hosts.js';
