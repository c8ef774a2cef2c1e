import type { AppContext } from '../context.js';
import type { ZoneRow } from '../db/entities.js';
import { createDnsClient, type DnsClient } from '../dns/dns-client.js';
import { authoritativeServers, checkTxtPropagated } from '../dns/propagation.js';
import { normalizeName } from '../dns/resolve.js';
import type { ZoneProofSeen } from './zone-status.js';
import { zoneVerificationRecord } from './zone-record.js';

/**
 * One look at a zone's DNS for proof of control, on its authoritative servers (asked directly, no
 * resolver cache in between): the zone's TXT value at `_certplane-zone.<zone>` on every one of them,
 * else NS records that name only the platform's nameservers, both as the resolvers see them and as
 * every authoritative server answers. DNS trouble is "not proven", with what went wrong.
 */
export async function lookUpZoneProof(ctx: AppContext, zone: Pick<ZoneRow, 'id' | 'name'>): Promise<ZoneProofSeen> {
  const rec = zoneVerificationRecord(ctx.config, zone);
  const port = ctx.config.dns.authoritativePort;
  const client = createDnsClient({ servers: ctx.resolvers, timeoutMs: 3000 });
  let txtDetail: string;
  try {
    const txt = await checkTxtPropagated({ client, fqdn: rec.name, value: rec.value, authoritativePort: port });
    if (txt.visible) return { by: 'txt', detail: txt.detail };
    txtDetail = txt.detail;
  } catch (err) {
    txtDetail = `DNS lookup of ${rec.name} failed: ${(err as Error).message}`;
  }
  const platform = ctx.config.zones.platformNameservers;
  if (platform.length === 0) return { by: null, detail: txtDetail };
  const ns = await delegatedToPlatform(client, zone.name, platform, port).catch((err) => ({ ok: false, detail: `DNS lookup of NS ${zone.name} failed: ${(err as Error).message}` }));
  return ns.ok ? { by: 'ns', detail: ns.detail } : { by: null, detail: `${txtDetail}; ${ns.detail}` };
}

/** Do the zone's NS records name only the platform's nameservers, on the resolvers and on every authoritative server? */
export async function delegatedToPlatform(client: DnsClient, zone: string, platform: string[], port: number): Promise<{ ok: boolean; detail: string }> {
  const foreign = (names: string[]) => names.filter((n) => !platform.includes(n));
  const lookup = await authoritativeServers(client, zone, port, false);
  const { servers, unresolved } = lookup;
  const hosts = [...lookup.hosts].sort();
  if (hosts.length === 0) return { ok: false, detail: `${zone} has no NS records of its own (not a delegated zone)` };
  if (foreign(hosts).length) return { ok: false, detail: `NS ${zone} names ${hosts.join(', ')}, not only the platform's nameservers (${platform.join(', ')})` };
  if (servers.length === 0) return { ok: false, detail: `no address for the nameservers of ${zone} (${unresolved.join(', ')})` };
  const lacking: string[] = [];
  await Promise.all(
    servers.map(async (s) => {
      try {
        const res = await client.query(zone, 'NS', s.address);
        const names = res.answers.filter((r) => r.type === 'NS' && normalizeName(r.name) === zone).map((r) => normalizeName(r.data));
        if (names.length === 0 || foreign(names).length) lacking.push(`${s.host} (${s.address}) answers ${names.length ? names.sort().join(', ') : res.rcode}`);
      } catch (err) {
        lacking.push(`${s.host} (${s.address}) did not answer: ${(err as Error).message}`);
      }
    }),
  );
  if (lacking.length) return { ok: false, detail: `NS ${zone} on its authoritative servers: ${lacking.sort().join('; ')}` };
  return { ok: true, detail: `NS ${zone} names only the platform's nameservers (${hosts.join(', ')}) on all ${servers.length} authoritative server(s)` };
}
