import type { AppContext } from '../context.js';
import type { CertificateRow } from '../db/entities.js';
import { createDnsClient } from '../dns/dns-client.js';
import { CaaReason, caaText, evaluateCaa, lookupCaa, relevantCaaSet } from '../dns/diagnostics/index.js';

/** How long a held order waits before the preflight looks again (the customer fixes DNS meanwhile). */
export const holdRetryMs = (retryBaseMs: number) => Math.min(5 * 60_000, Math.max(1_000, retryBaseMs * 6));

export type PreflightResult = { ok: true } | { ok: false; reason: string };

/** CAA decisions that forbid our CA for certain; lookup failures and an unknown CA identity do not hold an order. */
const FORBIDDING = new Set<string>([CaaReason.NotAuthorized, CaaReason.NoIssuerAllowed, CaaReason.ValidationMethodNotAllowed, CaaReason.UnknownCriticalTag]);

/**
 * The checks run before an order reaches the CA, so a certain refusal does not spend the CA's
 * failed-validation limit (Let's Encrypt: 5 per hour per name): for each name of the certificate, the
 * relevant CAA set (RFC 8659 section 3, asked through the resolvers as the CA asks) must let the
 * configured CA identities (CERTPLANE_ACME_CAA_IDENTITIES) issue with dns-01 (RFC 8657). Skipped when
 * no identity is configured, or with CERTPLANE_ACME_CAA_IDENTITIES=off. DNS trouble never holds an
 * order (the CA decides then). Returns the reason with the record to change when a name is refused.
 */
export async function preflight(ctx: AppContext, cert: Pick<CertificateRow, 'hostname' | 'sans'>): Promise<PreflightResult> {
  const identities = ctx.config.acme.caaIdentities;
  if (!ctx.config.acme.caaPreflight || identities.length === 0) return { ok: true };
  const client = createDnsClient({ servers: ctx.resolvers, timeoutMs: 2000, retries: 0 });
  const names = [...new Set([cert.hostname, ...cert.sans])];
  const problems: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      const base = name.replace(/^\*\./, '');
      const relevant = relevantCaaSet(await lookupCaa(client, base));
      if (!relevant.ok) return;
      const verdict = evaluateCaa(relevant.records, { identities, wildcard: name.startsWith('*.') });
      if (verdict.allowed || !FORBIDDING.has(verdict.reason)) return;
      const records = verdict.records.map(caaText).join('; ');
      problems.push(
        `CAA at ${relevant.name} forbids ${identities.join(' or ')} from issuing for ${name} (${verdict.reason}: ${records}); ` +
          `add the CAA record ${relevant.name} 0 ${name.startsWith('*.') ? 'issuewild' : 'issue'} "${identities[0]}" or remove the ones that forbid it`,
      );
    }),
  );
  return problems.length ? { ok: false, reason: problems.sort().join('; ') } : { ok: true };
}
