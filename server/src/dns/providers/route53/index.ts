import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  paginateListHostedZones,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { normalizeFqdn, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { quoteTxt, unquoteTxt } from '../../txt-content.js';
import { route53Error } from './errors.js';

/** Settings of the Route 53 provider (through the AWS SDK for JavaScript v3). */
export interface Route53ProviderOptions {
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials (STS). */
  sessionToken?: string;
  /** Signing region (default 'us-east-1': Route 53 is global and signs there in the aws partition). */
  region?: string;
  /** Use this hosted zone (read with GetHostedZone) instead of listing them all; lets an IAM policy name one zone. */
  hostedZoneId?: string;
  /** Also use private hosted zones (default false: a CA only sees public DNS). */
  includePrivateZones?: boolean;
  /** API base URL (default Route 53's public endpoint); for local stand-ins. */
  endpoint?: string;
  /** Time limit of each request in ms, connecting and answering (default 10000). */
  timeoutMs?: number;
  /** TTL of a new TXT set in s (default 60). */
  ttl?: number;
  now?: () => number;
}

/** Route 53 answers names with a trailing dot and some characters as `\ooo` octal escapes (`*` is `\052`). */
const fromRoute53Name = (name: string) => normalizeFqdn(name.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));

/**
 * DNS-01 provider for Amazon Route 53: zones from ListHostedZones (every page; private zones left out)
 * or one GetHostedZone, the TXT set read with ListResourceRecordSets from StartRecordName/Type, written
 * whole with UPSERT, or removed with a DELETE of exactly the set that was read. The SDK does not retry
 * (maxAttempts 1): a throttled call becomes a retryable error with a wait, and the order is re-queued.
 */
export function createRoute53Provider(o: Route53ProviderOptions): DnsProvider {
  const timeout = o.timeoutMs ?? 10_000;
  const client = new Route53Client({
    region: o.region ?? 'us-east-1',
    endpoint: o.endpoint,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, sessionToken: o.sessionToken },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
  });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw route53Error(err, what);
    }
  }

  const api: RecordSetApi = {
    async listZones() {
      if (o.hostedZoneId) {
        const id = o.hostedZoneId;
        const out = await call('read hosted zone', () => client.send(new GetHostedZoneCommand({ Id: id })));
        return out.HostedZone ? [{ name: fromRoute53Name(out.HostedZone.Name ?? ''), id: out.HostedZone.Id ?? id }] : [];
      }
      const zones: ProviderZone[] = [];
      await call('list hosted zones', async () => {
        for await (const page of paginateListHostedZones({ client }, {})) {
          for (const z of page.HostedZones ?? []) {
            if (z.Config?.PrivateZone && !o.includePrivateZones) continue;
            zones.push({ name: fromRoute53Name(z.Name ?? ''), id: z.Id ?? '' });
          }
        }
      });
      return zones;
    },

    async readTxt(zone, fqdn) {
      const out = await call(`read TXT ${fqdn}`, () =>
        client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, StartRecordName: `${fqdn}.`, StartRecordType: 'TXT', MaxItems: 1 })),
      );
      // The list starts at the name, so its first set may be a later one.
      const set = out.ResourceRecordSets?.find((s) => s.Type === 'TXT' && !s.SetIdentifier && fromRoute53Name(s.Name ?? '') === fqdn);
      // The set itself goes with it: a DELETE must name exactly what is there.
      return { values: (set?.ResourceRecords ?? []).map((r) => unquoteTxt(r.Value ?? '')), ttl: set?.TTL ?? null, raw: set };
    },

    async writeTxt(zone, fqdn, values, ttl, current) {
      const old = current.raw as ResourceRecordSet | undefined;
      const change =
        values.length > 0
          ? { Action: 'UPSERT' as const, ResourceRecordSet: { Name: `${fqdn}.`, Type: 'TXT' as const, TTL: ttl, ResourceRecords: values.map((v) => ({ Value: quoteTxt(v) })) } }
          : old && { Action: 'DELETE' as const, ResourceRecordSet: old };
      if (!change) return;
      try {
        await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.id, ChangeBatch: { Comment: 'certplane DNS-01', Changes: [change] } }));
      } catch (err) {
        const message = (err as Error).message ?? '';
        // Gone already: clean-up is idempotent.
        if (change.Action === 'DELETE' && (err as Error).name === 'InvalidChangeBatch' && /but it was not found/.test(message)) return;
        throw route53Error(err, `update TXT ${fqdn}`);
      }
    },
  };

  return createRecordSetProvider({ name: 'route53', title: 'Amazon Route 53', api, ttl: o.ttl, now: o.now });
}
