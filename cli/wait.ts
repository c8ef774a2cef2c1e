/** Following one certificate until its order is over (`certs request --wait`). */
import type { Client } from './client.js';
import { CHANGE_FIELDS, FINAL_STATUSES, type CertificateChange } from './certificate.js';

/** How often the certificate is also read, in case a change was published before the subscription started (ms). */
const POLL_MS = 3_000;

/**
 * Streams the certificate's status changes (certificateStatusChanged) to `onChange`, each status once
 * and in order, starting with `first`, until it is ISSUED, FAILED, REVOKED or EXPIRED; resolves with
 * that last change. The subscription is backed by reading the certificate now and then, so a change
 * made before the server registered the subscription is not missed.
 */
export async function followCertificate(client: Client, first: CertificateChange, onChange: (c: CertificateChange) => void): Promise<CertificateChange> {
  let last: CertificateChange | undefined;
  let finish: (c: CertificateChange) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const over = new Promise<CertificateChange>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const feed = (c: CertificateChange) => {
    if (last && (c.updatedAt < last.updatedAt || c.status === last.status)) return;
    last = c;
    onChange(c);
    if (FINAL_STATUSES.includes(c.status)) finish(c);
  };
  const poll = () =>
    client.request<{ certificate: CertificateChange }>(`query($id: ID!) { certificate(id: $id) { ${CHANGE_FIELDS} } }`, { id: first.id }).then((d) => feed(d.certificate), fail);

  feed(first);
  if (FINAL_STATUSES.includes(first.status)) return first;
  const sub = await client.subscribe<{ certificateStatusChanged: CertificateChange }>(
    `subscription($id: ID) { certificateStatusChanged(id: $id) { ${CHANGE_FIELDS} } }`,
    { id: first.id },
    { onReady: () => setTimeout(poll, 200), onNext: (d) => feed(d.certificateStatusChanged), onError: fail },
  );
  const timer = setInterval(poll, POLL_MS);
  try {
    return await over;
  } finally {
    clearInterval(timer);
    await sub.close();
  }
}
