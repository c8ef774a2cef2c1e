/** Where a local PowerDNS and Pebble answer (from their handles, or from the suite's injected values). */
export interface LocalStack {
  pdns: { apiUrl: string; apiKey: string; dnsAddress: string; dnsPort: number };
  pebble: { directoryUrl: string; tlsCaPath: string };
}

/**
 * The configuration that points a control plane at a local Pebble CA (trusting its HTTPS CA) and a
 * local PowerDNS, both for DNS-01 records and as the resolver and authoritative server of its zones.
 * Shared by the tests, the demo and the benchmarks.
 */
export function localStackEnv({ pdns, pebble }: LocalStack): Record<string, string> {
  return {
    CERTPLANE_ACME_DIRECTORY: pebble.directoryUrl,
    CERTPLANE_ACME_CA_CERTS: pebble.tlsCaPath,
    CERTPLANE_PDNS_API_URL: pdns.apiUrl,
    CERTPLANE_PDNS_API_KEY: pdns.apiKey,
    CERTPLANE_DNS_RESOLVERS: pdns.dnsAddress,
    CERTPLANE_DNS_AUTHORITATIVE_PORT: String(pdns.dnsPort),
  };
}
