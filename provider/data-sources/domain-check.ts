import { ProviderError } from '../framework/diagnostics.js';
import type { DataSource } from '../framework/resource.js';
import type { TfObject, TfType } from '../protocol/values.js';
import { isNotFound, toProviderError } from '../resources/api-errors.js';

/** The DomainCheck fields the data source reads (the checkDomain mutation). */
const DOMAIN_CHECK_FIELDS = `checkedAt cached dnsConfigured acmeChallengeDelegated ownershipTxtConfigured caaAllowsIssuer httpConfigured alpnConfigured
  validationErrors { code message fix } dnsProvider { id name }
  records { a aaaa cnames acmeChallenge { name cname txt } ownership { name txt } caa { name flags tag value } zone nameservers }`;

interface ApiDomainCheck {
  checkedAt: string;
  cached: boolean;
  dnsConfigured: boolean;
  acmeChallengeDelegated: boolean;
  ownershipTxtConfigured: boolean;
  caaAllowsIssuer: boolean;
  httpConfigured: boolean;
  alpnConfigured: boolean;
  validationErrors: Array<{ code: string; message: string; fix: string }>;
  dnsProvider: { id: string; name: string } | null;
  records: {
    a: string[];
    aaaa: string[];
    cnames: string[];
    acmeChallenge: { name: string; cname: string | null; txt: string[] };
    ownership: { name: string; txt: string[] };
    caa: Array<{ name: string; flags: number; tag: string; value: string }>;
    zone: string | null;
    nameservers: string[];
  };
}

const RECORDS_TYPE: TfType = [
  'object',
  {
    a: ['list', 'string'],
    aaaa: ['list', 'string'],
    cnames: ['list', 'string'],
    acme_challenge: ['object', { name: 'string', cname: 'string', txt: ['list', 'string'] }],
    ownership: ['object', { name: 'string', txt: ['list', 'string'] }],
    caa: ['list', ['object', { name: 'string', flags: 'number', tag: 'string', value: 'string' }]],
    zone: 'string',
    nameservers: ['list', 'string'],
  },
];

/**
 * data "certplane_domain_check": a look at a domain's DNS now (the checkDomain mutation), with what to
 * fix. Terraform reads it at every plan; the API may answer from a check made moments before (`cached`).
 */
export const domainCheckDataSource: DataSource = {
  typeName: 'certplane_domain_check',
  schema: {
    version: 0,
    block: {
      description:
        "Checks a domain's DNS now (the `checkDomain` mutation): whether the hostname points at the platform, the `_acme-challenge` delegation, the ownership TXT record and CAA, with `validation_errors` saying what to change. Read at every plan; like the mutation, it moves the domain on when DNS is now right (logged in domainEvents), and answers a check made in the last 5 s again (`cached`).",
      attributes: {
        domain_id: { type: 'string', required: true, description: 'Domain id (`certplane_domain.<name>.id`).' },
        checked_at: { type: 'string', computed: true, description: 'RFC 3339 time of the check.' },
        cached: { type: 'bool', computed: true, description: 'The API answered with a check made moments before rather than a new one.' },
        dns_configured: { type: 'bool', computed: true, description: "The hostname points at the platform (the domain's `dns_requirements`)." },
        acme_challenge_delegated: { type: 'bool', computed: true, description: "`_acme-challenge.<hostname>` is a CNAME to the domain's `acme_challenge_target`." },
        ownership_txt_configured: { type: 'bool', computed: true, description: "The ownership TXT record (the domain's `ownership_record_name`) holds an accepted value." },
        caa_allows_issuer: { type: 'bool', computed: true, description: "CAA records let the platform's CA issue (false when that cannot be told)." },
        http_configured: { type: 'bool', computed: true, description: 'HTTP-01 validation would pass (certplane validates with DNS-01 only: false for now).' },
        alpn_configured: { type: 'bool', computed: true, description: 'TLS-ALPN-01 validation would pass (certplane validates with DNS-01 only: false for now).' },
        dns_provider: {
          type: ['object', { id: 'string', name: 'string' }],
          computed: true,
          description: "The zone's DNS host recognised from its nameservers (`id`, `name`); null when unknown.",
        },
        validation_errors: {
          type: ['list', ['object', { code: 'string', message: 'string', fix: 'string' }]],
          computed: true,
          description: 'Problems found, each with a stable `code`, a `message` saying what was found and the `fix` to make; empty when all is well.',
        },
        records: {
          type: RECORDS_TYPE,
          computed: true,
          description:
            'What DNS answered: `a`, `aaaa`, the `cnames` chain, `acme_challenge` (`name`, `cname`, `txt`), `ownership` (`name`, `txt`), the relevant `caa` records, the `zone` and its `nameservers`.',
        },
      },
    },
  },

  async read(config: TfObject, ctx) {
    let check: ApiDomainCheck;
    try {
      const q = `mutation($id: ID!) { checkDomain(id: $id) { ${DOMAIN_CHECK_FIELDS} } }`;
      check = (await ctx.client().query<{ checkDomain: ApiDomainCheck }>(q, { id: config.domain_id }, ctx.signal)).checkDomain;
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Domain not found', (err as Error).message, ['domain_id']);
      throw toProviderError(err, 'check the domain', { id: 'domain_id' });
    }
    const r = check.records;
    return {
      domain_id: config.domain_id,
      checked_at: check.checkedAt,
      cached: check.cached,
      dns_configured: check.dnsConfigured,
      acme_challenge_delegated: check.acmeChallengeDelegated,
      ownership_txt_configured: check.ownershipTxtConfigured,
      caa_allows_issuer: check.caaAllowsIssuer,
      http_configured: check.httpConfigured,
      alpn_configured: check.alpnConfigured,
      dns_provider: check.dnsProvider ? { id: check.dnsProvider.id, name: check.dnsProvider.name } : null,
      validation_errors: check.validationErrors.map((e) => ({ code: e.code, message: e.message, fix: e.fix })),
      records: {
        a: r.a,
        aaaa: r.aaaa,
        cnames: r.cnames,
        acme_challenge: { name: r.acmeChallenge.name, cname: r.acmeChallenge.cname, txt: r.acmeChallenge.txt },
        ownership: { name: r.ownership.name, txt: r.ownership.txt },
        caa: r.caa.map((c) => ({ name: c.name, flags: c.flags, tag: c.tag, value: c.value })),
        zone: r.zone,
        nameservers: r.nameservers,
      },
    };
  },
};
