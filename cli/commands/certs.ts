/** `certplane certs list|show|request|renew|revoke|delete` (download and watch: certs-download.ts, certs-watch.ts). */
import { Option, type Command } from 'commander';
import { CERTIFICATE_FIELDS, certificateDetails, changeLine, type Certificate } from '../certificate.js';
import { EXIT } from '../errors.js';
import { allNodes, PAGE_INFO, type Page } from '../pages.js';
import { domainId } from '../refs.js';
import { action, type Runtime } from '../runtime.js';
import { table } from '../table.js';
import { followCertificate } from '../wait.js';
import type { Client } from '../client.js';
import { registerCertsDownload } from './certs-download.js';
import { registerCertsWatch } from './certs-watch.js';

const KEY_TYPES = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'];
const STATUSES = ['PENDING', 'VALIDATING', 'ISSUED', 'FAILED', 'REVOKED', 'EXPIRED', 'PENDING_OWNERSHIP'];
const REVOCATION_REASONS = ['UNSPECIFIED', 'KEY_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION'];

type Row = Pick<Certificate, 'id' | 'hostname' | 'sans' | 'status' | 'source' | 'keyType' | 'expiresAt'>;

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `certs` and its subcommands. */
export function registerCerts(program: Command, rt: Runtime): void {
  const certs = program.command('certs').description('certificates (ACME and custom)');

  certs
    .command('list')
    .description("the organization's certificates, newest first")
    .option('--domain <domain>', 'only this domain (id or hostname)')
    .option('--hostname <text>', 'hostname substring filter')
    .addOption(new Option('--status <status>', 'only this status').choices(STATUSES))
    .action(
      action(rt, async (opts: { domain?: string; hostname?: string; status?: string }) => {
        const client = await rt.client();
        const domain = opts.domain ? await domainId(client, opts.domain) : undefined;
        const rows = await allNodes<Row, { certificates: Page<Row> }>(
          client,
          `query($domain: ID, $hostname: String, $status: CertificateStatus, $first: Int, $after: String) {
            certificates(domain: $domain, hostname: $hostname, status: $status, first: $first, after: $after) {
              nodes { id hostname sans status source keyType expiresAt } ${PAGE_INFO} } }`,
          { domain, hostname: opts.hostname, status: opts.status },
          (d) => d.certificates,
        );
        rt.print(rows, () =>
          table(rows, [
            ['ID', (c) => c.id],
            ['HOSTNAME', (c) => c.hostname],
            ['SANS', (c) => c.sans],
            ['STATUS', (c) => c.status],
            ['SOURCE', (c) => c.source],
            ['KEY_TYPE', (c) => c.keyType],
            ['EXPIRES_AT', (c) => c.expiresAt],
          ]),
        );
      }),
    );

  certs
    .command('show <id>')
    .description('a certificate: status, validity, renewal and why it waits')
    .action(
      action(rt, async (id: string) => {
        const client = await rt.client();
        const certificate = await readCertificate(client, id);
        rt.print(certificate, () => certificateDetails(certificate));
      }),
    );

  certs
    .command('request <domain>')
    .description('order an ACME certificate for a domain (id or hostname); PENDING at first')
    .addOption(new Option('--key-type <type>', 'private key algorithm and size').choices(KEY_TYPES).default('RSA_2048'))
    .option('--san <name>', 'an extra name (repeatable)', collect, [] as string[])
    .option('--no-auto-renew', 'do not renew it automatically')
    .option('--wait', 'stream its status changes until ISSUED (exit 0) or FAILED (exit 1)')
    .action(
      action(rt, async (ref: string, opts: { keyType: string; san: string[]; autoRenew: boolean; wait?: boolean }) => {
        const client = await rt.client();
        const domain = await domainId(client, ref);
        const { requestCertificate } = await client.request<{ requestCertificate: Certificate }>(
          `mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { ${CERTIFICATE_FIELDS} } }`,
          { input: { domain, keyType: opts.keyType, sans: opts.san, autoRenew: opts.autoRenew } },
        );
        if (!opts.wait) return rt.print(requestCertificate, () => certificateDetails(requestCertificate));
        const last = await followCertificate(client, requestCertificate, (c) => {
          if (!rt.json()) process.stdout.write(changeLine(c) + '\n');
        });
        const certificate = await readCertificate(client, last.id);
        rt.print(certificate, () => '\n' + certificateDetails(certificate));
        if (last.status !== 'ISSUED') process.exitCode = EXIT.ERROR;
      }),
    );

  certs
    .command('renew <id>')
    .description('renew now (an ISSUED certificate stays served until the new one takes over)')
    .action(
      action(rt, async (id: string) => {
        const client = await rt.client();
        const { renewCertificate } = await client.request<{ renewCertificate: Certificate }>(`mutation($id: ID!) { renewCertificate(id: $id) { ${CERTIFICATE_FIELDS} } }`, { id });
        rt.print(renewCertificate, () => certificateDetails(renewCertificate));
      }),
    );

  certs
    .command('revoke <id>')
    .description('revoke at the CA')
    .addOption(new Option('--reason <reason>', 'RFC 5280 reason').choices(REVOCATION_REASONS).default('UNSPECIFIED'))
    .action(
      action(rt, async (id: string, opts: { reason: string }) => {
        const client = await rt.client();
        const { revokeCertificate } = await client.request<{ revokeCertificate: Certificate }>(
          `mutation($id: ID!, $reason: RevocationReason!) { revokeCertificate(id: $id, reason: $reason) { ${CERTIFICATE_FIELDS} } }`,
          { id, reason: opts.reason },
        );
        rt.print(revokeCertificate, () => certificateDetails(revokeCertificate));
      }),
    );

  certs
    .command('delete <id>')
    .description('delete a certificate')
    .option('--revoke', 'revoke it at the CA first')
    .action(
      action(rt, async (id: string, opts: { revoke?: boolean }) => {
        const client = await rt.client();
        await client.request('mutation($id: ID!, $revoke: Boolean!) { deleteCertificate(id: $id, revoke: $revoke) }', { id, revoke: Boolean(opts.revoke) });
        rt.print({ id, deleted: true }, () => `deleted certificate ${id}`);
      }),
    );

  registerCertsDownload(certs, rt);
  registerCertsWatch(certs, rt);
}

/** certificate(id) with every field the CLI shows. */
async function readCertificate(client: Client, id: string): Promise<Certificate> {
  return (await client.request<{ certificate: Certificate }>(`query($id: ID!) { certificate(id: $id) { ${CERTIFICATE_FIELDS} } }`, { id })).certificate;
}
