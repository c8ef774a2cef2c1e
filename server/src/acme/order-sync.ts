import acme from 'acme-client';
import { CertificateRow, type SavedChallenge } from '../db/entities.js';
import { queryRows, selectColumns } from '../db/rows.js';
import type { AppContext } from '../context.js';
import { challengesValidated, orderCompleted, orderCreated, rateLimited, stepSaved } from '../certificates/lifecycle.js';
import { manualRecordsRequired, orderExpired, orderHeld } from '../certificates/customer-waits.js';
import { describeRecords, isManual, MANUAL, MANUAL_POLL_MS, manualDeadline, recordsToCreate } from './manual-records.js';
import { DnsProviderError } from '../dns/dns-provider.js';
import { holdRetryMs, preflight } from './preflight.js';
import type { NewEvent } from '../certificates/certificate-events.js';
import { generatePrivateKey } from '../certificates/keys.js';
import { takeSpareKey } from '../certificates/spare-keys.js';
import { normalisePem, readCertificate } from '../certificates/parse.js';
import { renewalTime } from '../certificates/renewal.js';
import { checkRateLimits } from '../certificates/policies.js';
import { loadRateLimitUsage } from '../certificates/acme-ledger.js';
import { EventType, OrderStep, type KeyType } from '../certificates/status.js';
import { checkTxtPropagated, followCnames, NameserverCache } from '../dns/propagation.js';
import { createDnsClient, type DnsClient } from '../dns/dns-client.js';
import { withRecordLock } from '../dns/record-lock.js';
import { providerFor } from '../dns/credentials.js';
import { inChallengeZone } from '../dns/challenge-zone/settings.js';
import { getAcmeClient } from './account.js';
import { caPausedUntil } from './ca-pause.js';
import { failpoint } from '../failpoints.js';
import { describe, isPermanent, PermanentOrderError } from './order-errors.js';

/** What one step asks of the job runner: go on at once, come back later, or stop. */
export type StepResult = { next: 'continue' } | { next: 'wait'; ms: number; why: string } | { next: 'done' };

/** Longest poll interval while the CA validates or issues (re-enqueued, never slept in a worker slot). */
export const POLL_MS = 1000;
/** Longest poll interval while a TXT record propagates to the authoritative servers. */
export const PROPAGATION_POLL_MS = 2000;
/** First poll interval of a step; it grows with the time the step has taken, up to the step's longest. */
export const FIRST_POLL_MS = 250;

/** Polls soon after a step starts (most answers come fast), then ever more slowly: half the time waited so far. */
export function pollDelay(stepStartedAt: Date | null, now: Date, maxMs: number): number {
  const waited = stepStartedAt ? now.getTime() - stepStartedAt.getTime() : 0;
  return Math.min(maxMs, Math.max(FIRST_POLL_MS, Math.round(waited / 2)));
}
/** An order not done after this long is given up (the CA would expire it anyway). */
export const ORDER_DEADLINE_MS = 60 * 60 * 1000;

/** acme-client fetches an order by its URL alone. */
const orderRef = (cert: CertificateRow) => ({ url: cert.orderUrl }) as unknown as acme.Order;

const keyContext = (certId: string) => `certificate-key:${certId}`;

/** The certificate with its pending key: what advanceOrder works on. */
export async function loadForOrder(ctx: AppContext, id: string): Promise<CertificateRow | null> {
  const columns = `${selectColumns(ctx.db, CertificateRow, 'c')}, c.pending_key as "pendingKey"`;
  const [row] = await queryRows<CertificateRow>(ctx.db, `select ${columns} from certificates c where c.id = $1`, [id], { prepare: true });
  return row ?? null;
}

/** Saves a step (lifecycle.stepSaved: one statement), then passes the step's failpoint. */
async function save(ctx: AppContext, cert: CertificateRow, patch: Partial<CertificateRow>, events: NewEvent[] = []) {
  await stepSaved(ctx.db, cert, patch, events, ctx.now());
  if (patch.orderStep) failpoint(patch.orderStep);
}

const names = (cert: CertificateRow) => [...new Set([cert.hostname, ...cert.sans])];

/** Longest Common Name a CA accepts: RFC 5280's upper bound ub-common-name is 64; Let's Encrypt refuses longer (badCSR). */
export const MAX_COMMON_NAME_BYTES = 64;

/**
 * The CSR's subject for these names: the first name that fits a Common Name (64 bytes), wildcards
 * included; no CN at all when none fits (Let's Encrypt issues CN-less certificates). Every name is in
 * the SAN list either way: the CN is only for old clients.
 */
export function csrSubject(allNames: string[]): { commonName?: string; altNames: string[] } {
  const commonName = allNames.find((n) => Buffer.byteLength(n) <= MAX_COMMON_NAME_BYTES);
  return commonName ? { commonName, altNames: allNames } : { altNames: allNames };
}

/**
 * Advances a certificate's ACME order by one step, from the state saved on its row, so a worker
 * killed at any point resumes the same order. Returns what the runner should do next.
 */
export async function advanceOrder(ctx: AppContext, cert: CertificateRow | null): Promise<StepResult> {
  if (!cert) return { next: 'done' }; // deleted meanwhile
  const renewing = cert.status === 'ISSUED';
  if (!renewing && cert.status !== 'PENDING' && cert.status !== 'VALIDATING') return { next: 'done' };
  if (cert.orderStep === OrderStep.DONE) return { next: 'done' };
  const waitingForCustomer = cert.orderStep === OrderStep.RECORDS_PUBLISHED && cert.challenges.some(isManual);
  if (waitingForCustomer) {
    const deadline = manualDeadline(cert.challenges, cert.orderStartedAt);
    if (deadline && ctx.now() >= deadline) {
      // The authorizations expired before the records were created: a new order, new values (the domain says which).
      await orderExpired(ctx.db, cert, `the CA's authorizations expired at ${deadline.toISOString()} before the TXT records were created; a new order with new values started`);
      return { next: 'done' };
    }
  } else if (cert.orderStartedAt && ctx.now().getTime() - cert.orderStartedAt.getTime() > ORDER_DEADLINE_MS) {
    throw new PermanentOrderError(`the order was not completed within ${ORDER_DEADLINE_MS / 60000} minutes`);
  }
  // Steps after the records are published talk to the CA: not while it has paused everyone.
  if (cert.orderStep !== OrderStep.ORDER_CREATED) {
    const pause = await caPausedUntil(ctx.db, cert.directoryUrl, ctx.now());
    if (pause) {
      await rateLimited(ctx.db, cert, `the CA paused every order until ${pause.until.toISOString()}: ${pause.reason}`, pause.until);
      return { next: 'wait', ms: Math.max(1000, pause.until.getTime() - ctx.now().getTime()), why: 'CA paused' };
    }
  }
  const client = await getAcmeClient(ctx.db, ctx.box, cert.organizationId, cert.directoryUrl, ctx.config.acme.email);
  switch (cert.orderStep) {
    case OrderStep.NEW:
      return createOrder(ctx, client, cert);
    case OrderStep.ORDER_CREATED:
      return publishRecords(ctx, cert);
    case OrderStep.RECORDS_PUBLISHED:
      return awaitPropagation(ctx, client, cert);
    case OrderStep.CHALLENGES_ACCEPTED:
      return awaitValidation(ctx, client, cert);
    case OrderStep.FINALIZED:
      return awaitCertificate(ctx, client, cert);
    default:
      throw new PermanentOrderError(`unknown order step ${cert.orderStep}`);
  }
}

async function createOrder(ctx: AppContext, client: acme.Client, cert: CertificateRow): Promise<StepResult> {
  const check = await preflight(ctx, cert);
  if (!check.ok) {
    const wait = holdRetryMs(ctx.config.worker.retryBaseMs);
    await orderHeld(ctx.db, cert, check.reason, new Date(ctx.now().getTime() + wait));
    return { next: 'done' }; // orderHeld queued the order's job again at that time
  }
  const limits = ctx.config.acme.rateLimits;
  if (limits) {
    const decision = checkRateLimits(await loadRateLimitUsage(ctx.db.manager, cert, limits, ctx.now()), limits, ctx.now());
    if (!decision.ok) {
      await rateLimited(ctx.db, cert, decision.message, decision.retryAt);
      return { next: 'wait', ms: Math.max(1000, decision.retryAt.getTime() - ctx.now().getTime()), why: decision.reason };
    }
  }
  // The key is saved with the order below: killed before that, the order is made again with a new key.
  if (!cert.pendingKey) {
    const keyType = cert.keyType as KeyType;
    const spare = await takeSpareKey(ctx.db, ctx.box, keyType);
    if (spare) ctx.spareKeyTaken?.();
    const keyPem = spare ?? (await generatePrivateKey(keyType));
    cert.pendingKey = ctx.box.seal(keyPem, keyContext(cert.id));
  }
  let order: acme.Order;
  try {
    order = await client.createOrder({ identifiers: names(cert).map((value) => ({ type: 'dns' as const, value })) });
  } catch (err) {
    if (isPermanent(err)) throw new PermanentOrderError(`the CA refused the order for ${names(cert).join(', ')}: ${describe(err)}`, names(cert));
    throw err;
  }
  const authzs = await client.getAuthorizations(order);
  const challenges: SavedChallenge[] = [];
  for (const authz of authzs) {
    if (authz.status === 'valid') continue; // the CA reused an earlier authorization
    const challenge = authz.challenges.find((c) => c.type === 'dns-01');
    if (!challenge) throw new PermanentOrderError(`the CA offered no dns-01 challenge for ${authz.identifier.value}`);
    challenges.push({
      identifier: (authz.wildcard ? '*.' : '') + authz.identifier.value,
      authzUrl: authz.url,
      challengeUrl: challenge.url,
      recordName: `_acme-challenge.${authz.identifier.value}`,
      recordValue: await client.getChallengeKeyAuthorization(challenge),
      ...(authz.expires ? { expires: authz.expires } : {}),
    });
  }
  const url = order.url;
  await ctx.db.transaction(async (m) => {
    const patch = {
      orderUrl: url,
      orderStep: OrderStep.ORDER_CREATED,
      orderStartedAt: ctx.now(),
      stepStartedAt: ctx.now(),
      challenges,
      pendingKey: cert.pendingKey,
      statusReason: null,
    };
    await orderCreated(m, cert, patch, { type: EventType.ORDER_CREATED, message: `ACME order ${url} created for ${names(cert).join(', ')}` });
  });
  failpoint(OrderStep.ORDER_CREATED);
  return { next: 'continue' };
}

/**
 * Publishes each challenge's TXT value where the CA will look: at `_acme-challenge.<name>`, or at the
 * end of the CNAME chain there when the customer delegated it (written in the zone that holds the
 * end). The name written is saved with the challenge, so clean-up removes it there.
 */
async function publishRecords(ctx: AppContext, cert: CertificateRow): Promise<StepResult> {
  const dns = createDnsClient({ servers: ctx.resolvers, timeoutMs: 3000 });
  const scope = appScopeOf(cert);
  const challenges: SavedChallenge[] = [];
  for (const ch of cert.challenges) challenges.push(await publishOne(ctx, dns, scope, ch));
  const written = challenges.filter((c) => !isManual(c));
  const list = written.map((c) => (c.publishedName === c.recordName ? c.recordName : `${c.publishedName} (CNAME from ${c.recordName})`)).join(', ') || 'none';
  const events: NewEvent[] = [{ type: EventType.RECORD_PUBLISHED, message: `TXT records published: ${list}` }];
  const manual = recordsToCreate(challenges);
  if (manual.length === 0) {
    await save(ctx, cert, { orderStep: OrderStep.RECORDS_PUBLISHED, challenges }, events);
    return { next: 'continue' };
  }
  events.push({ type: EventType.MANUAL_RECORDS, message: `no DNS provider can write these records: create them by hand: ${describeRecords(manual)}` });
  await manualRecordsRequired(ctx.db, cert, { orderStep: OrderStep.RECORDS_PUBLISHED, challenges, stepStartedAt: ctx.now() }, events);
  failpoint(OrderStep.RECORDS_PUBLISHED);
  return { next: 'continue' };
}

/**
 * Publishes one challenge's TXT value where the CA will look: at `_acme-challenge.<name>`, or at the end
 * of the CNAME chain there when the customer delegated it, with the provider that answers that name
 * (credentials, the installation's provider). With none, or none holding the zone, the customer
 * creates it by hand (`via: manual`).
 */
async function publishOne(ctx: AppContext, dns: DnsClient, scope: AppScope, ch: SavedChallenge): Promise<SavedChallenge> {
  const target =
    (ch.via && !isManual(ch) ? ch.publishedName : undefined) ??
    // certplane's own challenge zone holds no CNAMEs: asking there before the value is written would leave
    // an NXDOMAIN in the resolvers' caches (for the zone's negative TTL) just before the CA asks.
    (await followCnames(dns, ch.recordName, 8, (n) => inChallengeZone(ctx.config.dns.challengeServer, n)).catch((err: Error) => {
      // A loop or an endless chain needs the customer; a resolver that did not answer is retried.
      if (/CNAME loop|more than \d+ CNAMEs/.test(err.message)) throw new PermanentOrderError(`cannot follow the CNAME at ${ch.recordName}: ${err.message}`);
      throw err;
    }));
  const chosen = await providerFor(ctx, scope, target);
  if (chosen) {
    try {
      await withRecordLock(ctx.locks, target, () => chosen.provider.present(target, ch.recordValue));
      return { ...ch, publishedName: target, via: chosen.via };
    } catch (err) {
      if (!(err instanceof DnsProviderError && err.noZone)) throw err;
    }
  }
  return { ...ch, publishedName: target, via: MANUAL };
}

/** The organization and domain (its app) a certificate's challenges are answered for (credentials are per app or organization). */
type AppScope = { organizationId: string; domainId: string };
const appScopeOf = (cert: CertificateRow): AppScope => ({ organizationId: cert.organizationId, domainId: cert.domainId });

/** Nameservers of the zones orders are checked in, shared by every order of this process. */
const nameservers = new NameserverCache();

async function awaitPropagation(ctx: AppContext, client: acme.Client, cert: CertificateRow): Promise<StepResult> {
  const dns = createDnsClient({ servers: ctx.resolvers, timeoutMs: 3000 });
  if (cert.challenges.some(isManual)) {
    // The customer may have delegated _acme-challenge meanwhile (to the challenge zone, or a zone with credentials): answer it then.
    const delegated = await takeOverDelegated(ctx, dns, cert);
    if (delegated) return { next: 'continue' };
  }
  for (const ch of cert.challenges) {
    const res = await checkTxtPropagated({ client: dns, fqdn: ch.recordName, value: ch.recordValue, authoritativePort: ctx.config.dns.authoritativePort, nameservers });
    if (!res.visible && isManual(ch)) {
      return { next: 'wait', ms: pollDelay(cert.stepStartedAt, ctx.now(), MANUAL_POLL_MS), why: `waiting for the customer to create ${ch.recordName}: ${res.detail}` };
    }
    if (!res.visible) {
      const waited = ctx.now().getTime() - (cert.stepStartedAt ?? ctx.now()).getTime();
      if (waited > ctx.config.dns.propagationTimeoutMs) {
        throw new PermanentOrderError(
          `TXT record ${ch.recordName} was not visible on the zone's authoritative servers after ${Math.round(waited / 1000)} s: ${res.detail}`,
        );
      }
      return { next: 'wait', ms: pollDelay(cert.stepStartedAt, ctx.now(), PROPAGATION_POLL_MS), why: res.detail };
    }
  }
  const visibleAt = ctx.now();
  // Tell the CA to validate; a challenge already past 'pending' (we were killed after this) is left alone.
  const order = await client.getOrder(orderRef(cert));
  const authzs = await client.getAuthorizations(order);
  for (const ch of cert.challenges) {
    const authz = authzs.find((a) => a.url === ch.authzUrl);
    const challenge = authz?.challenges.find((c) => c.url === ch.challengeUrl);
    if (challenge && challenge.status === 'pending') await client.completeChallenge(challenge);
  }
  await save(ctx, cert, { orderStep: OrderStep.CHALLENGES_ACCEPTED }, [
    ...(cert.challenges.length ? [{ type: EventType.RECORD_VISIBLE, message: 'TXT records visible on every authoritative server', at: visibleAt }] : []),
    { type: EventType.CHALLENGE_ACCEPTED, message: 'CA asked to validate the dns-01 challenges' },
  ]);
  return { next: 'continue' };
}

/**
 * Manual challenges whose name a provider can now answer (the customer delegated `_acme-challenge`)
 * are published by it; the domain leaves ACTION_REQUIRED when none is left. True when any changed.
 */
async function takeOverDelegated(ctx: AppContext, dns: DnsClient, cert: CertificateRow): Promise<boolean> {
  const scope = appScopeOf(cert);
  const challenges = await Promise.all(cert.challenges.map((ch) => (isManual(ch) ? publishOne(ctx, dns, scope, ch) : ch)));
  const taken = challenges.filter((c, i) => isManual(cert.challenges[i]) && !isManual(c));
  if (taken.length === 0) return false;
  const names = taken.map((c) => `${c.publishedName} (CNAME from ${c.recordName})`).join(', ');
  await manualRecordsRequired(ctx.db, cert, { challenges, stepStartedAt: ctx.now() }, [
    { type: EventType.RECORD_PUBLISHED, message: `_acme-challenge delegated: TXT records published at ${names}; nothing more to create by hand` },
  ]);
  return true;
}

/** Why the CA refused validation, naming each invalid authorization's name (counted against its limit). */
async function validationFailed(client: acme.Client, order: acme.Order): Promise<PermanentOrderError> {
  const authzs = await client.getAuthorizations(order);
  const invalid = authzs.filter((a) => a.status === 'invalid');
  const reasons = invalid
    .map((a) => {
      const ch = a.challenges.find((c) => c.status === 'invalid' || c.error);
      const err = ch?.error as { detail?: string; type?: string } | undefined;
      return `${a.identifier.value}: ${err?.detail ?? err?.type ?? 'authorization invalid'}`;
    });
  const failedNames = invalid.map((a) => (a.wildcard ? '*.' : '') + a.identifier.value);
  return new PermanentOrderError(reasons.length ? `the CA rejected the dns-01 challenge (${reasons.join('; ')})` : 'the CA marked the order invalid', failedNames);
}

async function awaitValidation(ctx: AppContext, client: acme.Client, cert: CertificateRow): Promise<StepResult> {
  const order = await client.getOrder(orderRef(cert));
  if (order.status === 'invalid') throw await validationFailed(client, order);
  if (order.status === 'pending') {
    const authzs = await client.getAuthorizations(order);
    if (authzs.some((a) => a.status === 'invalid')) throw await validationFailed(client, order);
    return { next: 'wait', ms: pollDelay(cert.stepStartedAt, ctx.now(), POLL_MS), why: 'CA validating' };
  }
  if (order.status === 'ready') {
    const keyPem = ctx.box.open(cert.pendingKey!, keyContext(cert.id));
    const [, csr] = await acme.crypto.createCsr(csrSubject(names(cert)), keyPem);
    await client.finalizeOrder(order, csr);
  }
  // 'processing' or 'valid': finalized (possibly by us before a crash). Validation is over: the records go.
  await challengesValidated(ctx.db, cert, ctx.now());
  failpoint(OrderStep.FINALIZED);
  return { next: 'continue' };
}

async function awaitCertificate(ctx: AppContext, client: acme.Client, cert: CertificateRow): Promise<StepResult> {
  const order = await client.getOrder(orderRef(cert));
  if (order.status === 'processing') return { next: 'wait', ms: pollDelay(cert.stepStartedAt, ctx.now(), POLL_MS), why: 'CA issuing' };
  if (order.status !== 'valid') throw new PermanentOrderError(`the order became ${order.status} after finalization`);
  const pem = normalisePem(await client.getCertificate(order));
  const info = readCertificate(pem);
  await ctx.db.transaction(async (m) => {
    const patch: Partial<CertificateRow> = {
      certificatePem: pem,
      privateKey: cert.pendingKey,
      pendingKey: null,
      issuedAt: ctx.now(),
      notBefore: info.notBefore,
      expiresAt: info.notAfter,
      nextRenewalAt: renewalTime(info.notBefore, info.notAfter),
      issuer: info.issuer,
      serial: info.serial,
      fingerprint: info.fingerprint,
    };
    await orderCompleted(m, cert, patch, info);
  });
  return { next: 'done' };
}
