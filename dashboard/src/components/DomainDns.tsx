/** What to set in DNS for a domain (dnsRequirements): the records pointing it here, the ownership TXT, the DNS-01 delegation. */
import type { DomainDetail } from '../api/types';
import { DnsRecords } from './DnsRecords';

export function DomainDns(props: { dns: DomainDetail['dnsRequirements'] }) {
  const r = props.dns;
  return (
    <>
      <DnsRecords records={r.records} caption="Point the hostname at the platform" />
      <DnsRecords records={[{ name: r.ownership.name, type: 'TXT', ttl: null, values: [r.ownership.appValue] }]} caption="Prove ownership before DNS points here (optional)" />
      {r.acmeChallenge.target && (
        <DnsRecords records={[{ name: r.acmeChallenge.name, type: 'CNAME', ttl: null, values: [r.acmeChallenge.target] }]} caption="Delegate the DNS-01 challenge (when your DNS is elsewhere)" />
      )}
    </>
  );
}
