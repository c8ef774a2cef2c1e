import { isUuid } from '../ids.js';
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { CertificateEventRow, CertificateRow, DomainRow } from '../db/entities.js';
import { getAcmeClient } from '../acme/account.js';
import { describe } from '../acme/order-errors.js';
import { problemType } from '../acme/problems.js';
import { findDomain, parseHostname, refuseDefaultDomain, type ServedPlatformCertificate } from '../domains/domain-service.js';
import { hostnameMatchesDomain, isAtOrUnder } from '../domains/hostname.js';
import { refuseReserved, requireVerifiedZone } from '../zones/zone-coverage.js';
import { pageById, paginate, likeEscape, type Page } from '../pagination.js';
import { bind, findInOrganization, selectColumns } from '../db/rows.js';
import { organizationCountSql, organizationVersionSql } from '../db/organization-counts.js';
import { badInput, conflict, forbidden, notFound, UserError } from '../errors.js';
import { lockDomain, refreshDomainStatus } from '../domains/domain-status-writer.js';
import { assertAutoRenewAllowed, assertManualRenewalAllowed, assertNewCertificateAllowed } from '../plans/plan-gate.js';
import { certificateCreated, certificateDeleted, renewalRequested, revoked, settingsChanged } from './lifecycle.js';
import { OrderStep, type CertificateStatus, type KeyType } from './status.js';

const CUSTOM_NOT_RENEWED = 'certplane does not renew custom certificates: import a renewed one with importCustomCertificate (the ACME certificate, if any, serves when it expires)';

/** Most names on one certificate (Let's Encrypt's limit). */
export const MAX_NAMES = 100;

/** RFC 5280 revocation reason codes a subscriber may give (Let's Encrypt accepts these). */
export const REVOCATION_REASONS = { UNSPECIFIED: 0, KEY_COMPROMISE: 1, AFFILIATION_CHANGED: 3, SUPERSEDED: 4, CESSATION_OF_OPERATION: 5 } as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export async function findCertificate(ctx: AppContext, organizationId: string, id: string): Promise<CertificateRow> {
  const row = isUuid(id) ? await findInOrganization<CertificateRow>(ctx.db, CertificateRow, organizationId, id) : undefined;
  if (!row) throw notFound('Certificate', id);
  return row;
}

/**
 * Who reads: an organization (its id), or the platform operator (who reaches the platform
 * organization's certificates only: the platform certificate).
 */
export type CertificateReader = { organizationId: string } | { operator: true };

/**
 * The certificate's domain. The platform certificate, reached by an organization through a default
 * domain, answers that default domain (the platform's own domain is the operator's); any other
 * certificate outside the reader's reach is NOT_FOUND.
 */
export async function domainOfCertificate(ctx: AppContext, reader: CertificateReader, cert: Pick<CertificateRow, 'domainId' | 'organizationId'> & Partial<Pick<ServedPlatformCertificate, 'servedDomainId'>>): Promise<DomainRow> {
  if (!(await canReach(ctx, reader, cert))) {
    if ('organizationId' in reader && cert.servedDomainId) return findDomain(ctx, reader.organizationId, cert.servedDomainId);
    throw notFound('Domain', cert.domainId);
  }
  return ctx.db.getRepository(DomainRow).findOneByOrFail({ id: cert.domainId });
}

/** Is the certificate the reader's: its organization's, or (for the operator) the platform organization's. */
async function canReach(ctx: AppContext, reader: CertificateReader, cert: Pick<CertificateRow, 'organizationId'>): Promise<boolean> {
  if ('organizationId' in reader) return cert.organizationId === reader.organizationId;
  const [row] = (await ctx.db.query('select is_platform from organizations where id = $1', [cert.organizationId])) as Array<{ is_platform: boolean }>;
  return row?.is_platform === true;
}

export interface RequestCertificateInput {
  domain: string;
  sans: string[];
  autoRenew: boolean;
  keyType: KeyType;
}

/**
 * Queues issuance; returns the PENDING certificate at once. SANs are the domain or names under it; with
 * zones required, any name under a verified zone of the organization that also holds the domain (names of
 * one zone share a certificate). Names under a zone the platform reserves are refused.
 */
export async function requestCertificate(ctx: AppContext, organizationId: string, input: RequestCertificateInput): Promise<CertificateRow> {
  const domain = await findDomain(ctx, organizationId, input.domain);
  refuseDefaultDomain(domain, 'given certificates of its own');
  const zones = await requireVerifiedZone(ctx.db, ctx.config, organizationId, domain.hostname, 'domain');
  const sans: string[] = [];
  for (const [i, raw] of input.sans.entries()) {
    const name = parseHostname(raw, `sans[${i}]`).hostname;
    refuseReserved(ctx.config, name, `sans[${i}]`);
    if (zones.length) {
      if (!hostnameMatchesDomain(name, domain.hostname) && !zones.some((z) => isAtOrUnder(name, z.name))) {
        const zone = zones[zones.length - 1].name;
        throw badInput(`${name} is not under ${zone}, the verified zone of the domain ${domain.hostname}: the names of a certificate must be under one zone`, `sans[${i}]`);
      }
    } else if (!hostnameMatchesDomain(name, domain.hostname)) {
      throw badInput(`${name} is not covered by the domain ${domain.hostname}: SANs must be the domain or names under it`, `sans[${i}]`);
    }
    if (name !== domain.hostname && !sans.includes(name)) sans.push(name);
  }
  if (sans.length + 1 > MAX_NAMES) throw badInput(`a certificate holds at most ${MAX_NAMES} names`, 'sans');
  return ctx.db.transaction(async (m) => {
    // certificateCreated locks the domain first, then the plan check the organization: the order every writer takes.
    const cert = await certificateCreated(m, domain, { sans, keyType: input.keyType, autoRenew: input.autoRenew, directoryUrl: ctx.config.acme.directoryUrl });
    // The plan last, counting the certificate just stored: a refusal rolls it back (its job and events too).
    await assertNewCertificateAllowed(ctx, m, organizationId, { wildcard: domain.isWildcard || sans.some((n) => n.startsWith('*.')), autoRenew: input.autoRenew }, 1);
    return cert;
  });
}

/** Changes what can change on a certificate without a new order: `autoRenew`. */
export async function updateCertificate(ctx: AppContext, organizationId: string, id: string, input: { autoRenew?: boolean | null }): Promise<CertificateRow> {
  const cert = await findCertificate(ctx, organizationId, id);
  if (input.autoRenew == null || input.autoRenew === cert.autoRenew) return cert;
  if (cert.source === 'CUSTOM') throw badInput(CUSTOM_NOT_RENEWED, 'autoRenew');
  if (input.autoRenew) await assertAutoRenewAllowed(ctx, organizationId);
  if (input.autoRenew && cert.status === 'REVOKED') throw conflict(`certificate ${id} is revoked and cannot renew`);
  return ctx.db.transaction(async (m) => settingsChanged(m, await lockCertificate(m, cert.id), input.autoRenew!));
}

/** The certificate row, locked for the caller's transaction (writes on it wait for ours). */
async function lockCertificate(m: EntityManager, id: string): Promise<CertificateRow> {
  return m.getRepository(CertificateRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOneOrFail();
}

/**
 * Renews now: an ISSUED certificate starts a new order with a new key (it stays served until the new
 * one takes over; nextRenewalAt is set again on success); a FAILED or EXPIRED one is ordered again
 * without deleting and re-adding it. CONFLICT while an order is in flight, and for REVOKED.
 */
export async function renewCertificate(ctx: AppContext, organizationId: string, id: string): Promise<CertificateRow> {
  const cert = await findCertificate(ctx, organizationId, id);
  if (cert.source === 'CUSTOM') throw conflict(CUSTOM_NOT_RENEWED);
  await assertManualRenewalAllowed(ctx, organizationId);
  return ctx.db.transaction(async (m) => {
    if (cert.status === 'FAILED' || cert.status === 'EXPIRED') {
      // Ordered again, it takes a slot of the plan's quota again.
      await lockDomain(m, cert.domainId);
      await assertNewCertificateAllowed(ctx, m, organizationId, { wildcard: false, autoRenew: false });
    }
    return renewalRequested(m, await lockCertificate(m, cert.id), ctx.now(), ctx.config.acme.directoryUrl);
  });
}

/** Revokes at the CA, then records REVOKED. */
export async function revokeCertificate(ctx: AppContext, organizationId: string, id: string, reason: RevocationReason): Promise<CertificateRow> {
  const cert = await findCertificate(ctx, organizationId, id);
  if (cert.source === 'CUSTOM') {
    throw conflict(`certificate ${id} is a custom certificate: revoke it with the CA that issued it (${cert.issuer ?? 'unknown'}), and delete it here with deleteCustomCertificate`);
  }
  if (cert.status !== 'ISSUED' || !cert.certificatePem) {
    throw conflict(`certificate ${id} is ${cert.status}: only an issued certificate can be revoked`);
  }
  const client = await getAcmeClient(ctx.db, ctx.box, organizationId, cert.directoryUrl, ctx.config.acme.email);
  let note = `revoked at the CA (reason ${reason})`;
  try {
    await client.revokeCertificate(cert.certificatePem, { reason: REVOCATION_REASONS[reason] });
  } catch (err) {
    // Told apart by the ACME problem type (RFC 8555 section 6.7), never by its wording.
    if (problemType(err) !== 'alreadyRevoked') {
      const msg = describe(err);
      ctx.log.warn('revocation failed', { certificateId: id, error: msg });
      throw new UserError('ACME_ERROR', `the CA refused to revoke the certificate: ${msg}`);
    }
    // Revoked earlier: out of band (with the certificate's own key), or by us before a crash.
    note = `the CA says the certificate was already revoked (${describe(err)}); recorded as revoked, renewal stopped`;
  }
  return ctx.db.transaction(async (m) => revoked(m, await lockCertificate(m, cert.id), reason, ctx.now(), note));
}

/** Deletes a certificate (revoking it first when asked); challenge records left by an order are cleaned up. */
export async function deleteCertificate(ctx: AppContext, organizationId: string, id: string, revoke: boolean): Promise<void> {
  let cert = await findCertificate(ctx, organizationId, id);
  if (revoke && cert.status === 'ISSUED' && cert.source === 'ACME') cert = await revokeCertificate(ctx, organizationId, id, 'CESSATION_OF_OPERATION');
  await ctx.db.transaction(async (m) => certificateDeleted(m, await lockCertificate(m, cert.id)));
}

/**
 * Stops ACME for a domain (Fly's "delete ACME certificates"): Let's Encrypt is turned off for it (no new
 * orders, no renewals) and its ACME certificates are deleted (not revoked); a custom certificate keeps
 * serving. Returns how many were deleted.
 */
export async function deleteAcmeCertificates(ctx: AppContext, organizationId: string, domainId: string): Promise<number> {
  const domain = await findDomain(ctx, organizationId, domainId);
  return ctx.db.transaction(async (m) => {
    await lockDomain(m, domain.id);
    await m.getRepository(DomainRow).update({ id: domain.id }, { letsencryptEnabled: false });
    const certs = await m
      .getRepository(CertificateRow)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where(`c.domain_id = :d and c.source = 'ACME'`, { d: domain.id })
      .getMany();
    for (const c of certs) await certificateDeleted(m, c);
    if (!certs.length) await refreshDomainStatus(m, domain.id);
    return certs.length;
  });
}

/** Columns of the order machinery, never shown by the API: lists leave them out, with the PEM chain (a few kB a row). */
const LIST_OMITS = ['certificatePem', 'directoryUrl', 'orderUrl', 'orderStep', 'orderStartedAt', 'stepStartedAt', 'challenges', 'lastFailureAt', 'orderRetries'] as const;
/** Columns every list row carries: its cursor. */
const LIST_ALWAYS = ['id', 'createdAt'];
/** What field resolvers (fields that are no column: the domain, the PEM and key by id, ...) need of a row. */
const LIST_FOR_RESOLVERS = ['organizationId', 'domainId'];

/**
 * The list's select: the columns `fields` names (GraphQL fields on the nodes) and LIST_ALWAYS, with
 * LIST_FOR_RESOLVERS when a field is no plain column; all but LIST_OMITS without `fields`. (Two uuid
 * columns fewer on a page of 50 were ~100 strings fewer to parse and collect per request: bench/api.ts.)
 */
function listColumns(ctx: AppContext, fields: ReadonlySet<string> | undefined): string {
  if (!fields) return selectColumns(ctx.db, CertificateRow, 'c', { exclude: LIST_OMITS });
  const only = new Set(LIST_ALWAYS);
  const meta = ctx.db.getMetadata(CertificateRow);
  const plain = (f: string) => f !== 'certificatePem' && !!meta.findColumnWithPropertyName(f);
  if (![...fields].every(plain)) for (const c of LIST_FOR_RESOLVERS) only.add(c);
  for (const f of fields) if (f === 'certificatePem' || !(LIST_OMITS as readonly string[]).includes(f)) only.add(f);
  if (fields.has('daysLeft')) only.add('expiresAt');
  return selectColumns(ctx.db, CertificateRow, 'c', { only });
}

/** A certificate as the API shows it: a whole row, or a list row (no order state; only the columns its query reads). */
export type CertificateView = Omit<CertificateRow, (typeof LIST_OMITS)[number]> & Partial<Pick<CertificateRow, (typeof LIST_OMITS)[number]>>;

export async function listCertificates(
  ctx: AppContext,
  organizationId: string,
  args: { first?: number | null; after?: string | null; hostname?: string | null; status?: CertificateStatus | null; domain?: string | null },
  /** The fields the query reads on each node (the rest is not loaded); every column the API shows when omitted. */
  fields?: ReadonlySet<string>,
): Promise<Page<CertificateView>> {
  const params: unknown[] = [organizationId];
  const where = ['c.organization_id = $1'];
  if (args.hostname) where.push(`c.hostname ilike ${bind(params, `%${likeEscape(args.hostname.toLowerCase())}%`)} escape '\\'`);
  if (args.status) where.push(`c.status = ${bind(params, args.status)}`);
  if (args.domain) where.push(`c.domain_id = ${bind(params, (await findDomain(ctx, organizationId, args.domain)).id)}`);
  const unfiltered = where.length === 1;
  return paginate<CertificateView>(
    {
      db: ctx.db,
      columns: listColumns(ctx, fields),
      table: 'certificates',
      alias: 'c',
      where,
      params,
      countSql: unfiltered ? organizationCountSql('certificates', '$1') : undefined,
      // Pages with PEM chains (a few kB a row) are read every time rather than held.
      versionSql: fields?.has('certificatePem') ? undefined : organizationVersionSql('$1'),
      // A hostname pattern decides between the trigram index and the ordered scan: planned per call.
      prepare: !args.hostname,
    },
    args.first,
    args.after,
  );
}

/** A certificate's events, oldest first, paged by event id (cursor = the id). */
export async function listCertificateEvents(
  ctx: AppContext,
  organizationId: string,
  certificateId: string,
  args: { first?: number | null; after?: string | null },
): Promise<Page<CertificateEventRow>> {
  const cert = await findCertificate(ctx, organizationId, certificateId);
  const repo = ctx.db.getRepository(CertificateEventRow);
  return pageById(
    args,
    (afterId, take) =>
      repo.createQueryBuilder('e').where('e.certificateId = :id and e.id > :afterId', { id: cert.id, afterId }).orderBy('e.id', 'ASC').take(take).getMany(),
    () => repo.count({ where: { certificateId: cert.id } }),
  );
}

/** Whole days until expiry (negative once expired; rounded down), or null before issuance. */
export function daysLeft(cert: Pick<CertificateRow, 'expiresAt'>, now: Date): number | null {
  return cert.expiresAt ? Math.floor((cert.expiresAt.getTime() - now.getTime()) / 86_400_000) : null;
}

/** Whether an ACME order runs for the certificate (first issuance, or a renewal of an ISSUED one); the order step is loaded when the row came from a list. */
export async function orderInFlight(ctx: AppContext, cert: CertificateView): Promise<boolean> {
  if (cert.status === 'PENDING' || cert.status === 'VALIDATING') return true;
  if (cert.status !== 'ISSUED') return false;
  const step =
    cert.orderStep ?? (await ctx.db.getRepository(CertificateRow).findOne({ where: { id: cert.id }, select: { id: true, orderStep: true } }))?.orderStep;
  return step !== undefined && step !== OrderStep.DONE;
}

/** The PEM chain of a certificate, loaded when the row came from a list. */
export async function loadCertificatePem(ctx: AppContext, cert: CertificateView): Promise<string | null> {
  if (cert.certificatePem !== undefined) return cert.certificatePem;
  const row = await ctx.db.getRepository(CertificateRow).findOne({ where: { id: cert.id }, select: { id: true, certificatePem: true } });
  return row?.certificatePem ?? null;
}

/**
 * The private key PEM, decrypted; callers check the token's scope first. Only the certificate's own
 * organization reads it; the platform certificate's key (served for every default domain) is the
 * platform operator's alone: FORBIDDEN for any organization.
 */
export async function readPrivateKey(ctx: AppContext, reader: CertificateReader, cert: Pick<CertificateView, 'id' | 'organizationId'>): Promise<string | null> {
  if (!(await canReach(ctx, reader, cert))) {
    throw forbidden('this is the platform certificate, served for default domains: its private key is the platform operator\'s, never an organization\'s');
  }
  const row = await ctx.db
    .getRepository(CertificateRow)
    .createQueryBuilder('c')
    .addSelect('c.privateKey')
    .where('c.id = :id', { id: cert.id })
    .getOne();
  return row?.privateKey ? ctx.box.open(row.privateKey, `certificate-key:${cert.id}`) : null;
}
