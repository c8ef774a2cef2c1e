/** `certplane domains add|list|show|check|remove`. */
import type { Command } from 'commander';
import { allNodes, PAGE_INFO, type Page } from '../pages.js';
import { domainId, domainLookup } from '../refs.js';
import { action, type Runtime } from '../runtime.js';
import { details, table } from '../table.js';

interface DnsRecord {
  type: string;
  name: string;
  values: string[];
}

interface Domain {
  id: string;
  hostname: string;
  kind: string;
  app: { name: string };
  status: string;
  statusMessage: string | null;
  letsencryptEnabled: boolean;
  letsencryptStatus: string;
  canonical: boolean;
  createdAt: string;
  dnsCheckedAt: string | null;
  dnsVerifiedAt: string | null;
  dnsRequirements: {
    records: DnsRecord[];
    acmeChallenge: { name: string; target: string | null };
    ownership: { name: string; appValue: string; orgValue: string };
  };
  actionRequired: { reason: string; message: string; records: DnsRecord[] } | null;
  primaryCertificate: { id: string } | null;
  certificates: Array<{ id: string; status: string; keyType: string; source: string; expiresAt: string | null }>;
}

const LIST_FIELDS = 'id hostname app { name } status letsencryptStatus primaryCertificate { id } createdAt';
const DOMAIN_FIELDS = `id hostname kind app { name } status statusMessage letsencryptEnabled letsencryptStatus canonical createdAt
  dnsCheckedAt dnsVerifiedAt
  dnsRequirements { records { type name values } acmeChallenge { name target } ownership { name appValue orgValue } }
  actionRequired { reason message records { type name values } }
  primaryCertificate { id } certificates { id status keyType source expiresAt }`;

const records = (rs: DnsRecord[]) => rs.map((r) => `${r.name} ${r.type} ${r.values.join(' ')}`).join('\n');

/** A domain as "field  value" lines, with the DNS records to create. */
function domainDetails(d: Domain): string {
  return details([
    ['id', d.id],
    ['hostname', d.hostname],
    ['app', d.app.name],
    ['kind', d.kind],
    ['status', d.status],
    ['statusMessage', d.statusMessage],
    ['letsencryptEnabled', d.letsencryptEnabled],
    ['letsencryptStatus', d.letsencryptStatus],
    ['canonical', d.canonical],
    ['createdAt', d.createdAt],
    ['dnsCheckedAt', d.dnsCheckedAt],
    ['dnsVerifiedAt', d.dnsVerifiedAt],
    ['dnsRequirements.records', records(d.dnsRequirements.records)],
    ['dnsRequirements.acmeChallenge', d.dnsRequirements.acmeChallenge.target ? `${d.dnsRequirements.acmeChallenge.name} CNAME ${d.dnsRequirements.acmeChallenge.target}` : d.dnsRequirements.acmeChallenge.name],
    ['dnsRequirements.ownership', `${d.dnsRequirements.ownership.name} TXT ${d.dnsRequirements.ownership.appValue} (or ${d.dnsRequirements.ownership.orgValue})`],
    ...(d.actionRequired ? ([['actionRequired', `${d.actionRequired.reason}: ${d.actionRequired.message}${d.actionRequired.records.length ? '\n' + records(d.actionRequired.records) : ''}`]] as Array<[string, unknown]>) : []),
    ['primaryCertificate', d.primaryCertificate?.id],
    ['certificates', d.certificates.map((c) => `${c.id} ${c.status} ${c.keyType} ${c.source}${c.expiresAt ? ` expires ${c.expiresAt}` : ''}`).join('\n')],
  ]);
}

interface DomainCheck {
  dnsConfigured: boolean;
  acmeChallengeDelegated: boolean;
  ownershipTxtConfigured: boolean;
  caaAllowsIssuer: boolean;
  cached: boolean;
  checkedAt: string;
  dnsProvider: { name: string } | null;
  records: { a: string[]; aaaa: string[]; cnames: string[]; zone: string | null; nameservers: string[] };
  validationErrors: Array<{ code: string; message: string; fix: string }>;
  domain: { id: string; hostname: string; status: string; statusMessage: string | null };
}

const CHECK_FIELDS = `dnsConfigured acmeChallengeDelegated ownershipTxtConfigured caaAllowsIssuer cached checkedAt dnsProvider { name }
  records { a aaaa cnames zone nameservers } validationErrors { code message fix } domain { id hostname status statusMessage }`;

/** A checkDomain answer as "field  value" lines, then each validation error with its fix. */
function checkDetails(c: DomainCheck): string {
  const head = details([
    ['hostname', c.domain.hostname],
    ['status', c.domain.status],
    ['statusMessage', c.domain.statusMessage],
    ['checkedAt', `${c.checkedAt}${c.cached ? ' (cached)' : ''}`],
    ['dnsConfigured', c.dnsConfigured],
    ['acmeChallengeDelegated', c.acmeChallengeDelegated],
    ['ownershipTxtConfigured', c.ownershipTxtConfigured],
    ['caaAllowsIssuer', c.caaAllowsIssuer],
    ['dnsProvider', c.dnsProvider?.name],
    ['zone', c.records.zone],
    ['nameservers', c.records.nameservers],
    ['cnames', c.records.cnames],
    ['a', c.records.a],
    ['aaaa', c.records.aaaa],
  ]);
  if (!c.validationErrors.length) return head;
  return `${head}\n\nvalidationErrors:\n${c.validationErrors.map((e) => `  ${e.code}: ${e.message}\n    fix: ${e.fix}`).join('\n')}`;
}

/** Registers `domains` and its subcommands. */
export function registerDomains(program: Command, rt: Runtime): void {
  const domains = program.command('domains').description('hostnames attached to apps; <domain> is an id or a hostname');

  domains
    .command('add <hostname>')
    .description('attach a hostname to an app (PENDING_DNS until it points at the platform)')
    .requiredOption('--app <app>', 'app id or name')
    .option('--no-letsencrypt', 'no automatic certificate (letsencryptEnabled false)')
    .action(
      action(rt, async (hostname: string, opts: { app: string; letsencrypt: boolean }) => {
        const client = await rt.client();
        const { addDomain } = await client.request<{ addDomain: Domain }>(`mutation($input: AddDomainInput!) { addDomain(input: $input) { ${DOMAIN_FIELDS} } }`, {
          input: { app: opts.app, hostname, letsencryptEnabled: opts.letsencrypt },
        });
        rt.print(addDomain, () => domainDetails(addDomain));
      }),
    );

  domains
    .command('list')
    .description("the organization's domains")
    .option('--app <app>', 'only this app (id or name)')
    .option('--hostname <text>', 'hostname substring filter')
    .action(
      action(rt, async (opts: { app?: string; hostname?: string }) => {
        const client = await rt.client();
        type Row = Pick<Domain, 'id' | 'hostname' | 'app' | 'status' | 'letsencryptStatus' | 'primaryCertificate' | 'createdAt'>;
        const rows = await allNodes<Row, { domains: Page<Row> }>(
          client,
          `query($app: String, $hostname: String, $first: Int, $after: String) { domains(app: $app, hostname: $hostname, first: $first, after: $after) { nodes { ${LIST_FIELDS} } ${PAGE_INFO} } }`,
          { app: opts.app, hostname: opts.hostname },
          (d) => d.domains,
        );
        rt.print(rows, () =>
          table(rows, [
            ['ID', (d) => d.id],
            ['HOSTNAME', (d) => d.hostname],
            ['APP', (d) => d.app.name],
            ['STATUS', (d) => d.status],
            ['LETSENCRYPT_STATUS', (d) => d.letsencryptStatus],
            ['PRIMARY_CERTIFICATE', (d) => d.primaryCertificate?.id],
          ]),
        );
      }),
    );

  domains
    .command('show <domain>')
    .description('a domain, the DNS records it needs and its certificates')
    .action(
      action(rt, async (ref: string) => {
        const client = await rt.client();
        const { field, varDef, variables } = domainLookup(ref);
        const { domain } = await client.request<{ domain: Domain }>(`query(${varDef}) { ${field} { ${DOMAIN_FIELDS} } }`, variables);
        rt.print(domain, () => domainDetails(domain));
      }),
    );

  domains
    .command('check <domain>')
    .description("look at the domain's DNS now: what is there and the exact records to fix")
    .action(
      action(rt, async (ref: string) => {
        const client = await rt.client();
        const id = await domainId(client, ref);
        const { checkDomain } = await client.request<{ checkDomain: DomainCheck }>(`mutation($id: ID!) { checkDomain(id: $id) { ${CHECK_FIELDS} } }`, { id });
        rt.print(checkDomain, () => checkDetails(checkDomain));
      }),
    );

  domains
    .command('remove <domain>')
    .description('detach a hostname; its certificates are deleted')
    .option('--revoke', 'revoke its issued ACME certificates at the CA first')
    .action(
      action(rt, async (ref: string, opts: { revoke?: boolean }) => {
        const client = await rt.client();
        const id = await domainId(client, ref);
        await client.request<{ removeDomain: boolean }>('mutation($id: ID!, $revoke: Boolean!) { removeDomain(id: $id, revoke: $revoke) }', { id, revoke: Boolean(opts.revoke) });
        rt.print({ id, removed: true }, () => `removed domain ${ref === id ? id : `${ref} (${id})`}`);
      }),
    );
}
