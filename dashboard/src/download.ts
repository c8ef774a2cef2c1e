/** Saves text as a file through the browser's download. */
export function saveText(filename: string, text: string, type = 'application/x-pem-file'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface PemParts {
  certificate: string;
  chain: string;
  fullChain: string;
}

/** certificatePem is the chain, leaf first: the leaf, its intermediates, and both together. */
export function splitPem(fullChain: string): PemParts {
  const blocks = fullChain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\r?\n?/g) ?? [];
  const norm = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  return {
    certificate: blocks[0] ? norm(blocks[0]) : '',
    chain: blocks.slice(1).map(norm).join(''),
    fullChain: norm(fullChain),
  };
}
