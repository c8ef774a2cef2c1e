/**
 * Download the certificate, its chain, the full chain and the private key as PEM files, or copy them.
 * The key is read only with a token that has the certificates:read_private_key scope; without it the
 * API's refusal is shown, with what to do.
 */
import { useEffect, useState } from 'react';
import { CERTIFICATE_PEM, PRIVATE_KEY } from '../api/queries';
import type { CertificateRow } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { saveText, splitPem, type PemParts } from '../download';
import { useSession } from '../session';

type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: unknown };

const keyHint = (code: string | undefined) =>
  code === 'FORBIDDEN'
    ? 'Sign in with a token that has the certificates:read_private_key scope to download the key. Make one in the GraphQL playground with createApiToken(name: "keys", scopes: ["read", "certificates:read_private_key"]) (an admin token may), or on the server with npm run token -- create --name keys --scopes read,certificates:read_private_key.'
    : undefined;

export function DownloadDialog(props: { certificate: CertificateRow; onClose(): void }) {
  const { call } = useSession();
  const c = props.certificate;
  const [pem, setPem] = useState<Loaded<PemParts | null>>({ state: 'loading' });
  const [key, setKey] = useState<Loaded<string | null>>({ state: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    call(CERTIFICATE_PEM, { id: c.id }, ac.signal).then(
      (d) => setPem({ state: 'ok', value: d.certificate.certificatePem ? splitPem(d.certificate.certificatePem) : null }),
      (error) => !ac.signal.aborted && setPem({ state: 'error', error }),
    );
    call(PRIVATE_KEY, { id: c.id }, ac.signal).then(
      (d) => setKey({ state: 'ok', value: d.certificate.privateKeyPem }),
      (error) => !ac.signal.aborted && setKey({ state: 'error', error }),
    );
    return () => ac.abort();
  }, [call, c.id]);

  const base = c.hostname.replace(/^\*\./, 'wildcard.');
  const files: Array<{ label: string; file: string; text: string | undefined }> =
    pem.state === 'ok' && pem.value
      ? [
          { label: 'Certificate', file: `${base}.crt.pem`, text: pem.value.certificate },
          { label: 'Chain', file: `${base}.chain.pem`, text: pem.value.chain || undefined },
          { label: 'Full chain', file: `${base}.fullchain.pem`, text: pem.value.fullChain },
        ]
      : [];

  return (
    <Dialog title={`Download ${c.hostname}`} onClose={props.onClose} wide>
      {pem.state === 'loading' && <p role="status">Loading…</p>}
      {pem.state === 'error' && <ErrorMessage error={pem.error} />}
      {pem.state === 'ok' && !pem.value && <p>This certificate has not been issued yet: there is nothing to download.</p>}
      <ul className="files">
        {files.map((f) => (
          <FileRow key={f.label} {...f} />
        ))}
        {pem.state === 'ok' && pem.value && (
          <>
            {key.state === 'loading' && <li role="status">Private key: loading…</li>}
            {key.state === 'ok' && key.value && <FileRow label="Private key" file={`${base}.key.pem`} text={key.value} />}
            {key.state === 'ok' && !key.value && <li>Private key: not available for this certificate.</li>}
            {key.state === 'error' && (
              <li className="file-refused">
                <span className="file-label">Private key</span>
                <ErrorMessage error={key.error} hint={keyHint} />
              </li>
            )}
          </>
        )}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

function FileRow(props: { label: string; file: string; text: string | undefined }) {
  if (!props.text) {
    return (
      <li>
        <span className="file-label">{props.label}</span> <span className="muted">none (the CA sent no intermediates)</span>
      </li>
    );
  }
  const text = props.text;
  return (
    <li>
      <span className="file-label">{props.label}</span>
      <code className="file-name">{props.file}</code>
      <span className="file-buttons">
        <button type="button" className="small" aria-label={`Download ${props.label.toLowerCase()} (${props.file})`} onClick={() => saveText(props.file, text)}>
          Download
        </button>
        <CopyButton text={text} label={props.label.toLowerCase()} />
      </span>
    </li>
  );
}
