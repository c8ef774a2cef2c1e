import type { AppContext } from '../context.js';
import { CertificateRow } from '../db/entities.js';
import { customImported } from '../certificates/custom-lifecycle.js';
import { checkCustomCertificate, sealCustomKey } from '../certificates/custom-certificate-service.js';
import { lockDomain } from '../domains/domain-status-writer.js';
import { ErrorCode, UserError } from '../errors.js';
import { findPlatformDomain } from './platform-domain.js';

/**
 * The operator's side of the platform certificate (operator API): what serves the default domains,
 * and importing one from another CA (Scalingo's). Organizations never reach these functions; they see
 * the certificate only as their default domains' primary certificate, without its key.
 */

const noPlatformDomain = () =>
  new UserError(ErrorCode.NOT_FOUND, 'this platform has no platform domain: set CERTPLANE_PLATFORM_DOMAIN (e.g. apps.example.net) and restart certplane');

/**
 * The platform certificate: the one serving the platform domain (an imported one first, else the
 * newest valid ACME one), else the newest one (being ordered, or FAILED with its reason); null
 * without a platform domain or before anything was ordered.
 */
export async function platformCertificate(ctx: AppContext): Promise<CertificateRow | null> {
  const platform = await findPlatformDomain(ctx.db.manager);
  if (!platform) return null;
  const repo = ctx.db.getRepository(CertificateRow);
  if (platform.primaryCertificateId) {
    const serving = await repo.findOne({ where: { id: platform.primaryCertificateId } });
    if (serving) return serving;
  }
  return repo.findOne({ where: { domainId: platform.id }, order: { createdAt: 'DESC' } });
}

/**
 * Imports the operator's own platform certificate (a leaf naming `*.<platform domain>`, with its
 * chain and key; checked like a customer's custom certificate, each refusal BAD_USER_INPUT naming the
 * field). It serves at once, before the ACME one (which stands by, renewing, and serves again if the
 * imported one expires); importing again replaces it in place. Every default domain follows in the same
 * transaction. NOT_FOUND without a platform domain.
 */
export async function importPlatformCertificate(ctx: AppContext, input: { certificateChainPem: string; privateKeyPem: string }): Promise<CertificateRow> {
  const platform = await findPlatformDomain(ctx.db.manager);
  if (!platform) throw noPlatformDomain();
  const parsed = checkCustomCertificate(ctx, platform.hostname, input);
  return ctx.db.transaction(async (m) => {
    await lockDomain(m, platform.id);
    return customImported(m, platform, { parsed, sealKey: sealCustomKey(ctx, parsed), active: true });
  });
}
