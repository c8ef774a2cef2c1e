import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { OperatorTokenRow } from '../db/entities.js';
import { hashToken } from './tokens.js';

/**
 * Platform-operator credentials: `cpo_` tokens (SHA-256 stored, shown once) that reach the operator part
 * of the API (organizations, their plans and first tokens) and nothing of any organization's data.
 * Printed on the first start; mint more with `npm run token -- create-operator`.
 */
const PREFIX = 'cpo_';

export async function createOperatorToken(m: EntityManager, name: string): Promise<{ token: string; row: OperatorTokenRow }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await m.getRepository(OperatorTokenRow).save({ name, tokenHash: hashToken(token) });
  return { token, row: row as OperatorTokenRow };
}

export const isOperatorToken = (token: string) => token.startsWith(PREFIX) && token.length <= 100 && /^[A-Za-z0-9_-]+$/.test(token);

/** The operator token's id, or null when unknown. */
export async function authenticateOperator(db: DataSource, token: string): Promise<string | null> {
  const row = await db.getRepository(OperatorTokenRow).findOne({ where: { tokenHash: hashToken(token) }, select: { id: true } });
  return row?.id ?? null;
}
