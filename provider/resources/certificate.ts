import type { CertplaneClient } from '../client.js';
import { ProviderError, type Diagnostics } from '../framework/diagnostics.js';
import type { OperationContext, PlanInput, Resource } from '../framework/resource.js';
import { UNKNOWN, isUnknown, type TfObject, type TfValue } from '../protocol/values.js';
import { ApiError } from '../client.js';
import { isNotFound, toProviderError } from './api-errors.js';
import { CERTIFICATE_COMPUTED, CERTIFICATE_FIELDS, KEY_TYPES, certificateState, getCertificate, type ApiCertificate } from './certificate-api.js';
import { parseDuration } from './duration.js';
import { dropReplace, looksLikeHostname, normalizeHostname, sameHostnames } from './hostname.js';

/** How long apply waits for issuance unless `timeouts { create = ... }` says otherwise. */
export const DEFAULT_CREATE_TIMEOUT = '10m';
const POLL_MS = 500;
/** Statuses after which the certificate is of no use: the next plan replaces it. */
const DEAD_STATUSES = ['REVOKED', 'EXPIRED', 'FAILED'];
const FIELDS = { domain: 'domain', sans: 'sans', keyType: 'key_type', CONFLICT: 'domain', NOT_FOUND: 'domain' };

/** certplane_certificate: a certificate for a domain; apply waits until it is issued. */
export const certificateResource: Resource = {
  typeName: 'certplane_certificate',
  schema: {
    version: 0,
    block: {
      description:
        'An ACME certificate for a certplane domain. A domain holds one active ACME certificate per key family (RSA, ECDSA): the automatic certificate of a domain with `letsencrypt_enabled = true` is RSA, so use an ECDSA key here or set `letsencrypt_enabled = false`. Apply waits until the certificate is issued.',
      attributes: {
        id: { type: 'string', computed: true, description: 'Certificate id.' },
        domain: { type: 'string', required: true, forceNew: true, description: 'Domain id (`certplane_domain.<name>.id`).' },
        sans: {
          type: ['set', 'string'],
          optional: true,
          computed: true,
          default: [],
          forceNew: true,
          description: 'Extra names: the domain itself or names under it.',
        },
        key_type: { type: 'string', optional: true, computed: true, default: 'RSA_2048', forceNew: true, description: `Key algorithm: ${KEY_TYPES.join(', ')} (default RSA_2048).` },
        auto_renew: { type: 'bool', optional: true, computed: true, default: true, description: 'Renew a third of the lifetime before expiry (default true).' },
        revoke_on_destroy: { type: 'bool', optional: true, computed: true, default: false, description: 'Revoke at the CA before deleting on destroy (default false).' },
        ...CERTIFICATE_COMPUTED,
      },
      blocks: {
        timeouts: {
          nesting: 'single',
          block: { attributes: { create: { type: 'string', optional: true, description: `How long apply waits for issuance, e.g. "15m" (default ${DEFAULT_CREATE_TIMEOUT}).` } } },
        },
      },
    },
  },

  validate(config: TfObject, diags: Diagnostics) {
    if (typeof config.key_type === 'string' && !(KEY_TYPES as readonly string[]).includes(config.key_type)) {
      diags.error('Invalid key type', `"${config.key_type}" is not one of ${KEY_TYPES.join(', ')}.`, ['key_type']);
    }
    if (Array.isArray(config.sans)) {
      for (const name of config.sans) {
        if (typeof name === 'string' && !looksLikeHostname(name)) diags.error('Invalid SAN', `"${name}" is not a hostname.`, ['sans']);
      }
    }
    const create = (config.timeouts as TfObject | null)?.create;
    if (typeof create === 'string' && parseDuration(create) === undefined) {
      diags.error('Invalid timeout', `"${create}" is not a duration such as "30s", "10m" or "1h".`, ['timeouts', 'create']);
    }
  },

  modifyPlan({ prior, planned, requiresReplace }: PlanInput) {
    // The same names spelled another way (case, trailing dot, IDN) or in another order: no new certificate.
    if (prior && sameHostnames(prior.sans ?? [], planned.sans ?? [])) dropReplace(requiresReplace, 'sans');
    if (prior && typeof prior.status === 'string' && DEAD_STATUSES.includes(prior.status)) {
      planned.status = UNKNOWN;
      requiresReplace.push(['status']);
    }
  },

  async create(planned, ctx) {
    const client = ctx.client();
    let cert: ApiCertificate;
    try {
      const input = { domain: planned.domain, sans: planned.sans ?? [], keyType: planned.key_type, autoRenew: planned.auto_renew };
      cert = (
        await client.query<{ requestCertificate: ApiCertificate }>(
          `mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { ${CERTIFICATE_FIELDS} } }`,
          { input },
          ctx.signal,
        )
      ).requestCertificate;
    } catch (err) {
      const e = toProviderError(err, 'request the certificate', FIELDS);
      if (err instanceof ApiError && err.code === 'CONFLICT') {
        throw new ProviderError(e.summary, `${e.detail} If the domain has letsencrypt_enabled = true, its automatic RSA certificate holds the RSA slot: use an ECDSA key_type, or set letsencrypt_enabled = false to manage the certificate here.`, ['domain']);
      }
      throw e;
    }
    const timeout = (planned.timeouts as TfObject | null)?.create;
    const done = await waitForIssuance(client, cert.id, parseDuration(typeof timeout === 'string' ? timeout : DEFAULT_CREATE_TIMEOUT) ?? 600_000, ctx);
    return withConfig(certificateState(done), planned);
  },

  async read(state, ctx) {
    try {
      const fresh = certificateState(await getCertificate(ctx.client(), String(state.id), ctx.signal));
      if (sameNames(state.sans, fresh.sans, String(fresh.hostname))) fresh.sans = state.sans;
      return withConfig(fresh, state);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toProviderError(err, `read certificate ${String(state.id)}`);
    }
  },

  // auto_renew changes through updateCertificate (no new order); revoke_on_destroy and timeouts live in Terraform's state alone.
  async update(prior, planned, ctx) {
    if (typeof planned.auto_renew === 'boolean' && planned.auto_renew !== prior.auto_renew) {
      try {
        await ctx.client().query(
          `mutation($id: ID!, $input: UpdateCertificateInput!) { updateCertificate(id: $id, input: $input) { id autoRenew } }`,
          { id: prior.id, input: { autoRenew: planned.auto_renew } },
          ctx.signal,
        );
      } catch (err) {
        throw toProviderError(err, `update certificate ${String(prior.id)}`, { autoRenew: 'auto_renew', CONFLICT: 'auto_renew' });
      }
    }
    // Nothing else moves, so the plan (which knew every value) is the new state; the next refresh reads the rest.
    return planned;
  },

  async delete(prior, ctx) {
    try {
      await ctx.client().query(`mutation($id: ID!, $revoke: Boolean!) { deleteCertificate(id: $id, revoke: $revoke) }`, { id: prior.id, revoke: prior.revoke_on_destroy === true }, ctx.signal);
    } catch (err) {
      if (!isNotFound(err)) throw toProviderError(err, `delete certificate ${String(prior.id)}`);
    }
  },

  async importState(id, ctx) {
    try {
      return { ...certificateState(await getCertificate(ctx.client(), id, ctx.signal)), revoke_on_destroy: false };
    } catch (err) {
      throw toProviderError(err, `import certificate ${id}`);
    }
  },
};

/** Settings that exist only in Terraform (revoke_on_destroy, timeouts) carried over from the plan or state. */
function withConfig(fresh: TfObject, from: TfObject): TfObject {
  return { ...fresh, revoke_on_destroy: from.revoke_on_destroy ?? false, timeouts: from.timeouts ?? null };
}

/** Whether two SAN lists name the same certificate names (the API drops the hostname itself and normalizes). */
function sameNames(a: TfValue, b: TfValue, hostname: string): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.some(isUnknown)) return false;
  const norm = (l: TfValue[]) => [...new Set(l.map((s) => normalizeHostname(String(s))).filter((s) => s !== hostname))].sort().join(',');
  return norm(a) === norm(b);
}

/** Polls until ISSUED; FAILED, a timeout or Terraform stopping end with an error carrying the state (Terraform taints it). */
async function waitForIssuance(client: CertplaneClient, id: string, timeoutMs: number, ctx: OperationContext): Promise<ApiCertificate> {
  const deadline = Date.now() + timeoutMs;
  let last: ApiCertificate | null = null;
  for (;;) {
    const cert = await getCertificate(client, id, ctx.signal, ctx.diags).catch((err) => {
      // Stopped (Ctrl-C) while asking: keep what was seen last in state, so Terraform tracks (and taints) it.
      if (ctx.signal.aborted && last) throw stopped(last);
      throw toProviderError(err, `read certificate ${id}`);
    });
    last = cert;
    if (cert.status === 'ISSUED') return cert;
    const state = certificateState(cert);
    if (cert.status !== 'PENDING' && cert.status !== 'VALIDATING') {
      throw new ProviderError(
        `Certificate ${cert.status}`,
        `The certificate for ${cert.hostname} is ${cert.status}: ${cert.statusReason ?? 'no reason given'}. It is marked tainted; the next apply requests a new one.`,
        undefined,
        state,
      );
    }
    if (ctx.signal.aborted) throw stopped(cert);
    if (Date.now() > deadline) {
      throw new ProviderError(
        'Timed out waiting for the certificate',
        `The certificate for ${cert.hostname} is still ${cert.status} (it was not issued within ${Math.round(timeoutMs / 1000)} s); raise timeouts.create, or check its events (certificateEvents) and its domain's actionRequired (TXT records to create by hand when no DNS provider can).`,
        ['timeouts', 'create'],
        state,
      );
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_MS);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

/** Terraform stopped the provider (Ctrl-C) while apply waited: the certificate stays in state, tainted. */
function stopped(cert: ApiCertificate): ProviderError {
  return new ProviderError(
    'Stopped while waiting for the certificate',
    `The certificate for ${cert.hostname} (${cert.id}) is still ${cert.status}: Terraform stopped before it was issued. It is kept in state as tainted; the next apply replaces it (or run terraform untaint to keep waiting for this one).`,
    undefined,
    certificateState(cert),
  );
}
