/** DNS records to create, each value with a copy button. */
import type { DnsRecord } from '../api/types';
import { CopyButton } from './CopyButton';

export function DnsRecords(props: { records: DnsRecord[]; caption: string }) {
  if (!props.records.length) return <p className="muted">No records.</p>;
  return (
    <div className="table-wrap">
      <table className="records">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col">TTL</th>
          </tr>
        </thead>
        <tbody>
          {props.records.flatMap((r) =>
            r.values.map((v, i) => (
              <tr key={`${r.type} ${r.name} ${i}`}>
                <td data-label="Type">{r.type}</td>
                <td data-label="Name">
                  <code>{r.name}</code> <CopyButton text={r.name} label={`name ${r.name}`} />
                </td>
                <td data-label="Value">
                  <code className="value">{v}</code> <CopyButton text={v} label={`${r.type} value for ${r.name}`} />
                </td>
                <td data-label="TTL">{r.ttl ?? '—'}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
