/**
 * The peer of the check-domain bench: the same DNS questions a check asks, asked by a bare loop in the
 * bench process: server/src/dns/diagnostics' diagnoseDomain with the project's createDnsClient (one
 * client per check, 2 s timeout, no retries, as check-domain.ts makes it), against the same PowerDNS,
 * at the same concurrency; no HTTP, GraphQL or Postgres. Every query is counted and timed.
 */
import { createDnsClient, type DnsClient } from '../server/src/dns/dns-client.js';
import { diagnoseDomain } from '../server/src/dns/diagnostics/index.js';
import { pool } from './lib/infra.js';
import { CAA_IDENTITIES, PLATFORM_TARGETS, verdictOf, type BenchDomain, type Verdict } from './check-domain-zone.js';

export interface PeerCheck {
  ms: number;
  /** DNS queries the check asked (resolvers and authoritative servers). */
  queries: number;
  verdict: Verdict;
}

export interface PeerRun {
  checks: PeerCheck[];
  wallMs: number;
  /** Round-trip time of every single query (ms), through createDnsClient. */
  queryMs: number[];
}

/** A client that counts and times every query it passes on. */
function counting(inner: DnsClient, onQuery: (ms: number) => void): DnsClient {
  return {
    async query(name, type, server) {
      const t0 = performance.now();
      try {
        return await inner.query(name, type, server);
      } finally {
        onQuery(performance.now() - t0);
      }
    },
  };
}

/** diagnoseDomain of every domain once, `concurrency` at a time. */
export async function runPeer(domains: BenchDomain[], concurrency: number, dns: { address: string; port: number }): Promise<PeerRun> {
  const queryMs: number[] = [];
  const t0 = performance.now();
  const checks = await pool(domains, concurrency, async (d): Promise<PeerCheck> => {
    let queries = 0;
    const start = performance.now();
    const client = counting(createDnsClient({ servers: [dns.address], timeoutMs: 2000, retries: 0 }), (ms) => {
      queries++;
      queryMs.push(ms);
    });
    const res = await diagnoseDomain({
      client,
      hostname: d.host,
      platformTargets: PLATFORM_TARGETS,
      acmeChallengeTarget: null, // no CERTPLANE_CHALLENGE_ZONE on the server either
      ownership: { name: d.ownership!.name, values: [d.ownership!.orgValue, d.ownership!.appValue] },
      caaIdentities: CAA_IDENTITIES,
      authoritativePort: dns.port,
      now: new Date(),
    });
    return { ms: performance.now() - start, queries, verdict: verdictOf(res) };
  });
  return { checks, wallMs: performance.now() - t0, queryMs };
}
