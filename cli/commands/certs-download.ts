/**
 * `certplane certs download <id> --out DIR`: cert.pem (the leaf), chain.pem (its intermediates),
 * fullchain.pem (both) and privkey.pem (mode 0600), the key only when the token may read it.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { apiError } from '../client.js';
import { CliError } from '../errors.js';
import { action, type Runtime } from '../runtime.js';
import { details } from '../table.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Writes `text` to `file` with `mode`, also over an existing file of another mode (via a renamed temporary file). */
async function writeWithMode(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

/** Registers `certs download`. */
export function registerCertsDownload(certs: Command, rt: Runtime): void {
  certs
    .command('download <id>')
    .description('write cert.pem, chain.pem, fullchain.pem and privkey.pem (0600; needs the certificates:read_private_key scope) into a directory')
    .requiredOption('--out <dir>', 'directory to write into (created when missing)')
    .action(
      action(rt, async (id: string, opts: { out: string }) => {
        const client = await rt.client();
        type Data = { certificate: { id: string; hostname: string; status: string; certificatePem: string | null; privateKeyPem: string | null } | null };
        const res = await client.raw<Data>('query($id: ID!) { certificate(id: $id) { id hostname status certificatePem privateKeyPem } }', { id });
        const cert = res.data?.certificate;
        const keyErrors = (res.errors ?? []).filter((e) => e.path?.[e.path.length - 1] === 'privateKeyPem');
        const otherErrors = (res.errors ?? []).filter((e) => !keyErrors.includes(e));
        if (!cert || otherErrors.length) throw apiError(otherErrors.length ? otherErrors : (res.errors ?? []));
        const blocks = cert.certificatePem?.match(PEM_BLOCK) ?? [];
        if (!blocks.length) throw new CliError(`certificate ${id} is ${cert.status}: it has no certificate to download yet`);

        const dir = path.resolve(opts.out);
        await mkdir(dir, { recursive: true });
        const files: Record<string, string | null> = {
          certificate: path.join(dir, 'cert.pem'),
          chain: path.join(dir, 'chain.pem'),
          fullChain: path.join(dir, 'fullchain.pem'),
          privateKey: null,
        };
        await writeWithMode(files.certificate!, blocks[0] + '\n', 0o644);
        await writeWithMode(files.chain!, blocks.slice(1).map((b) => b + '\n').join(''), 0o644);
        await writeWithMode(files.fullChain!, blocks.map((b) => b + '\n').join(''), 0o644);
        let keyNote: string | null = null;
        if (cert.privateKeyPem) {
          files.privateKey = path.join(dir, 'privkey.pem');
          await writeWithMode(files.privateKey, cert.privateKeyPem.endsWith('\n') ? cert.privateKeyPem : cert.privateKeyPem + '\n', 0o600);
        } else {
          const why = keyErrors[0] ? `${keyErrors[0].message}${keyErrors[0].extensions?.code ? ` (${keyErrors[0].extensions.code})` : ''}` : 'the API returned no private key';
          keyNote = `private key not written: ${why}`;
          process.stderr.write(`certplane: ${keyNote}\n`);
        }
        rt.print({ id: cert.id, hostname: cert.hostname, files, privateKeyError: keyNote }, () =>
          details([
            ['cert.pem', files.certificate],
            ['chain.pem', files.chain],
            ['fullchain.pem', files.fullChain],
            ['privkey.pem', files.privateKey ?? 'not written (see above)'],
          ]),
        );
      }),
    );
}
