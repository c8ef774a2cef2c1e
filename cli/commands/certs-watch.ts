/** `certplane certs watch [id]`: status changes as they happen (the certificateStatusChanged subscription). */
import type { Command } from 'commander';
import { CHANGE_FIELDS, changeLine, type CertificateChange } from '../certificate.js';
import { action, type Runtime } from '../runtime.js';

/** Registers `certs watch`. */
export function registerCertsWatch(certs: Command, rt: Runtime): void {
  certs
    .command('watch [id]')
    .description("stream status changes of the organization's certificates (or of one) until Ctrl-C; with --json, one JSON object a line")
    .action(
      action(rt, async (id: string | undefined) => {
        const client = await rt.client();
        await new Promise<void>((resolve, reject) => {
          let sub: { close(): Promise<void> } | undefined;
          const stop = () => void sub?.close().then(resolve, resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          client
            .subscribe<{ certificateStatusChanged: CertificateChange }>(
              `subscription($id: ID) { certificateStatusChanged(id: $id) { ${CHANGE_FIELDS} } }`,
              { id: id ?? null },
              {
                onReady: () => process.stderr.write(`watching ${id ? `certificate ${id}` : 'every certificate'} at ${client.endpoint} (Ctrl-C to stop)\n`),
                onNext: ({ certificateStatusChanged: c }) => process.stdout.write((rt.json() ? JSON.stringify(c) : changeLine(c)) + '\n'),
                onError: reject,
              },
            )
            .then((s) => (sub = s), reject);
        });
      }),
    );
}
