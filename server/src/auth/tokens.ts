import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiTokenRow } from '../db/entities.js';
import { publish } from '../pubsub/publish.js';
import { conflict, notFound } from '../errors.js';
import { authenticateOperator, isOperatorToken } from './operator-tokens.js';

/** Scopes a token may carry. `admin` covers everything except reading private keys, which is always explicit. */
export const SCOPES = ['admin', 'read', 'write', 'certificates:read_private_key'] as const;
export type Scope = (typeof SCOPES)[number];

const PREFIX = 'cpt_';

export interface Caller {
  /** The token's organization ('' for the platform operator). */
  organizationId: string;
  tokenId: string;
  scopes: string[];
  /** The organization's plan (plans/plans.ts), read with the token. */
  plan?: string;
  /** The organization is suspended: the token is refused. */
  suspended?: boolean;
  /** A platform-operator credential: the operator part of the API only. */
  operator?: boolean;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function hasScope(caller: Caller, scope: Scope): boolean {
  if (scope === 'certificates:read_private_key') return caller.scopes.includes(scope);
  return caller.scopes.includes('admin') || caller.scopes.includes(scope) || (scope === 'read' && caller.scopes.includes('write'));
}

/** Creates a token; the secret is returned once and only its SHA-256 is stored. */
export async function createApiToken(
  db: EntityManager,
  organizationId: string,
  name: string,
  scopes: string[],
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await db.getRepository(ApiTokenRow).save({ organizationId, name, scopes, tokenHash: hashToken(token) });
  return { token, row: row as ApiTokenRow };
}

/** Whether `token` has the shape of one of ours (prefix, base64url, length): only those are looked up. */
export function isWellFormedToken(token: string | undefined | null): token is string {
  return !!token && token.startsWith(PREFIX) && token.length <= 100 && /^[A-Za-z0-9_-]+$/.test(token);
}

/**
 * Looks a bearer token up (an organization's, with its plan and suspension, or a platform operator's);
 * null when unknown or malformed (callers answer UNAUTHENTICATED).
 */
export async function authenticate(db: DataSource, token: string | undefined | null): Promise<Caller | null> {
  if (token && isOperatorToken(token)) {
    const id = await authenticateOperator(db, token);
    return id ? { organizationId: '', tokenId: id, scopes: [], operator: true } : null;
  }
  if (!isWellFormedToken(token)) return null;
  const [row] = (await db.query(
    `select t.id, t.organization_id, t.scopes, o.plan, o.suspended_at from api_tokens t join organizations o on o.id = t.organization_id where t.token_hash = $1`,
    [hashToken(token)],
  )) as Array<{ id: string; organization_id: string; scopes: string[]; plan: string; suspended_at: Date | null }>;
  if (!row) return null;
  return { organizationId: row.organization_id, tokenId: row.id, scopes: row.scopes, plan: row.plan, suspended: row.suspended_at !== null };
}

/** Extracts the token from `Bearer <token>` (case-insensitive scheme). */
export function bearer(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

export interface AuthenticatorOptions {
  /** How long a looked-up token is trusted without asking the database again (default 10 s). */
  ttlMs?: number;
  /** Most tokens remembered (default 10,000; the oldest are dropped first). */
  max?: number;
}

/** `authenticate` with a memory of valid tokens; `forget` drops a token from it (revoked), `forgetOrganization` all of an organization's (plan changed, suspended). */
export interface Authenticator {
  (token: string | null): Promise<Caller | null>;
  forget(tokenId: string): void;
  forgetOrganization(organizationId: string): void;
}

/**
 * `authenticate` with a short in-process memory of valid tokens: one database query per token per
 * `ttlMs` instead of one per request. Unknown tokens are always asked again (nothing to fill the cache
 * with). A revoked token is forgotten at once where the API hears of it (revokeApiToken publishes it);
 * `ttlMs` bounds how long a process that missed the event still accepts it.
 */
export function createAuthenticator(db: DataSource, opts: AuthenticatorOptions = {}): Authenticator {
  const ttl = opts.ttlMs ?? 10_000;
  const max = opts.max ?? 10_000;
  const cache = new Map<string, { caller: Caller; until: number }>();
  const lookup = async (token: string | null) => {
    if (!token) return null;
    const hit = cache.get(token);
    if (hit && hit.until > Date.now()) return hit.caller;
    const caller = await authenticate(db, token);
    cache.delete(token);
    if (caller) {
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(token, { caller, until: Date.now() + ttl });
    }
    return caller;
  };
  return Object.assign(lookup, {
    forget(tokenId: string) {
      for (const [token, entry] of cache) if (entry.caller.tokenId === tokenId) cache.delete(token);
    },
    forgetOrganization(organizationId: string) {
      for (const [token, entry] of cache) if (entry.caller.organizationId === organizationId) cache.delete(token);
    },
  });
}

/** The organization's tokens, oldest first: names and scopes, never secrets. */
export async function listApiTokens(db: DataSource, organizationId: string): Promise<ApiTokenRow[]> {
  // Not the hash either: only what the API shows.
  return db.getRepository(ApiTokenRow).find({
    select: { id: true, name: true, scopes: true, createdAt: true },
    where: { organizationId },
    order: { createdAt: 'ASC', id: 'ASC' },
    take: 1000,
  });
}

/**
 * Deletes one of the organization's tokens and tells every API process (API_TOKEN_REVOKED) to stop
 * accepting it. NOT_FOUND for a token of another organization; CONFLICT for the organization's last
 * token with the admin scope, which would leave nobody able to create tokens.
 */
export async function revokeApiToken(db: DataSource, organizationId: string, tokenId: string): Promise<void> {
  await db.transaction(async (m) => {
    // Locks the organization's tokens: two revocations at once cannot each leave the other's admin token last.
    const rows = (await m.query(`select id, scopes from api_tokens where organization_id = $1 order by id for update`, [organizationId])) as Array<{ id: string; scopes: string[] }>;
    const row = rows.find((r) => r.id === tokenId);
    if (!row) throw notFound('API token', tokenId);
    if (row.scopes.includes('admin') && !rows.some((r) => r.id !== tokenId && r.scopes.includes('admin'))) {
      throw conflict("this is the organization's last admin token: create another admin token first");
    }
    await m.query(`delete from api_tokens where id = $1`, [tokenId]);
    await publish(m, 'API_TOKEN_REVOKED', { organizationId, tokenId });
  });
}
