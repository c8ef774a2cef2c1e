import type { AppContext } from '../context.js';
import { CertificateRow } from '../db/entities.js';
import { findDomain, refuseDefaultDomain } from '../domains/domain-service.js';
import { badInput, notFound } from '../errors.js';
import { customImported } from './custom-lifecycle.js';
import { certificateDeleted } from './lifecycle.js';
import { CustomCertificateError, parseCustomCertificate, type ParsedCustomCertificate } from './custom/parse-custom-certificate.js';
import { enqueueDomainCheck } from '../jobs/queue.js';
import { lockDomain } from '../domains/domain-status-writer.js';
import { assertNewCertificateAllowed } from '../plans/plan-gate.js';

/** Largest PEM input accepted (a chain of a few certificates is ~10 kB). */
export const MAX_PEM_BYTES = 64 * 1024;

export interface ImportCustomCertificateInput {
  /** Domain id. */
  domain: string;
  /** Leaf and intermediates, PEM, any order; text around the blocks is ignored. */
  certificateChainPem: string;
  /** PKCS#1, PKCS#8 or SEC1 PEM, unencrypted. */
  privateKeyPem: string;
}

/**
 * Imports the customer's own certificate for a domain (Fly's custom certificates), validated before
 * anything is stored (each refusal is BAD_USER_INPUT naming the field), its key sealed at rest. It
 * replaces the domain's previous custom certificate, if any. It serves at once when the hostname points
 * at the platform or its ownership TXT record was seen; otherwise it waits (PENDING_OWNERSHIP) and the
 * domain's DNS check looks for the record now and every CERTPLANE_DNS_CHECK_INTERVAL after.
 */
/**
 * A certificate, chain and key as a person pasted them, checked for `hostname` (parse-custom-certificate.ts)
 * before anything is stored: each refusal is BAD_USER_INPUT naming the field (certificateChainPem or
 * privateKeyPem), including an input over MAX_PEM_BYTES.
 */
export function checkCustomCertificate(ctx: AppContext, hostname: string, input: { certificateChainPem: string; privateKeyPem: string }): ParsedCustomCertificate {
  for (const field of ['certificateChainPem', 'privateKeyPem'] as const) {
    if (Buffer.byteLength(input[field]) > MAX_PEM_BYTES) throw badInput(`${field} is larger than ${MAX_PEM_BYTES / 1024} KiB`, field);
  }
  try {
    return parseCustomCertificate({ hostname, certificateChainPem: input.certificateChainPem, privateKeyPem: input.privateKeyPem, now: ctx.now() });
  } catch (err) {
    if (err instanceof CustomCertificateError) throw badInput(err.message, err.field);
    throw err;
  }
}

/** Seals a checked certificate's private key for the certificate row `id` (its encryption context), as ACME keys are. */
export const sealCustomKey = (ctx: AppContext, parsed: ParsedCustomCertificate) => (id: string) => ctx.box.seal(parsed.privateKeyPem, `certificate-key:${id}`);

export async function importCustomCertificate(ctx: AppContext, organizationId: string, input: ImportCustomCertificateInput): Promise<CertificateRow> {
  const domain = await findDomain(ctx, organizationId, input.domain);
  refuseDefaultDomain(domain, 'given certificates of its own');
  const parsed = checkCustomCertificate(ctx, domain.hostname, input);
  return ctx.db.transaction(async (m) => {
    await lockDomain(m, domain.id);
    const replacing = (await m.query(`select 1 from certificates where domain_id = $1 and source = 'CUSTOM'`, [domain.id])).length > 0;
    // A replacement takes no new slot of the plan's quota.
    if (!replacing) await assertNewCertificateAllowed(ctx, m, organizationId, { wildcard: domain.isWildcard, autoRenew: false });
    // Read under the domain's lock, not from the domain loaded before it: a DNS check that verified the
    // domain meanwhile looked for a waiting custom certificate before this one existed, and the domain,
    // verified, is not checked again: the certificate would wait for ownership for ever.
    const [verified] = (await m.query('select dns_verified_at, ownership_verified_at from domains where id = $1', [domain.id])) as Array<{
      dns_verified_at: Date | null;
      ownership_verified_at: Date | null;
    }>;
    const active = verified.dns_verified_at !== null || verified.ownership_verified_at !== null;
    const cert = await customImported(m, domain, {
      parsed,
      sealKey: sealCustomKey(ctx, parsed),
      active,
    });
    if (!active) await enqueueDomainCheck(m, domain.id);
    return cert;
  });
}

/** The domain's custom certificate; NOT_FOUND when it has none. */
export async function findCustomCertificate(ctx: AppContext, organizationId: string, domainId: string): Promise<CertificateRow> {
  const domain = await findDomain(ctx, organizationId, domainId);
  const cert = await ctx.db.getRepository(CertificateRow).findOne({ where: { domainId: domain.id, source: 'CUSTOM' } });
  if (!cert) throw notFound('Custom certificate of domain', domain.hostname);
  return cert;
}

/**
 * Deletes the domain's custom certificate (NOT_FOUND without one). The newest valid ACME certificate,
 * if any, serves from now on (an event on the domain and on that certificate).
 */
export async function deleteCustomCertificate(ctx: AppContext, organizationId: string, domainId: string): Promise<void> {
  const cert = await findCustomCertificate(ctx, organizationId, domainId);
  await ctx.db.transaction((m) => certificateDeleted(m, cert));
}
