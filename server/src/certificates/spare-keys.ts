/**
 * A pool of private keys made ahead of time by the worker (table spare_keys), so a burst of orders takes
 * keys that already exist instead of each spending CPU on one (~0.15 s for RSA-2048). A key is used once:
 * taking it deletes it. Keys are sealed like certificate keys; a row's id is not known before its insert,
 * so the seal is bound to the key type.
 */
import type { DataSource } from 'typeorm';
import type { AppContext } from '../context.js';
import type { SecretBox } from '../security/secret-box.js';
import { generatePrivateKey } from './keys.js';
import type { KeyType } from './status.js';

/** Keys to keep made, per key type; a type left out (or 0) has no pool. */
export type SpareKeyTargets = Partial<Record<KeyType, number>>;

export const spareKeyContext = (keyType: KeyType) => `spare-key:${keyType}`;

/** Removes one spare key of `keyType` and returns its PEM; undefined when the pool has none. */
export async function takeSpareKey(db: DataSource, box: SecretBox, keyType: KeyType): Promise<string | undefined> {
  // skip locked: orders taking at once each get a different row instead of queueing on the oldest.
  // The delete sits in a CTE because TypeORM answers a bare DELETE ... RETURNING with [rows, count].
  const rows = (await db.query(
    `with taken as (
       delete from spare_keys where id = (
         select id from spare_keys where key_type = $1 order by id limit 1 for update skip locked)
       returning sealed_key)
     select sealed_key from taken`,
    [keyType],
  )) as Array<{ sealed_key: Buffer }>;
  return rows.length ? box.open(rows[0].sealed_key, spareKeyContext(keyType)) : undefined;
}

export async function countSpareKeys(db: DataSource, keyType: KeyType): Promise<number> {
  const rows = (await db.query(`select count(*)::int as n from spare_keys where key_type = $1`, [keyType])) as Array<{ n: number }>;
  return rows[0].n;
}

export interface RefillOptions {
  /** Checked before each key: true ends the refill (the worker is stopping). */
  stopping?: () => boolean;
}

/**
 * Tops each key type's pool up to its target and returns the keys made. Each type makes one key at a
 * time (one thread of libuv's pool per type, the others left to orders) and re-reads its count before
 * each key, so two processes refilling at once overshoot by at most one key each. At most `target` keys
 * per type per call: a pool drained as fast as it fills waits for the next call.
 */
export async function refillSpareKeys(ctx: Pick<AppContext, 'db' | 'box' | 'log'>, targets: SpareKeyTargets, opts: RefillOptions = {}): Promise<number> {
  const made: SpareKeyTargets = {};
  const pool: SpareKeyTargets = {};
  const types = (Object.entries(targets) as Array<[KeyType, number]>).filter(([, target]) => target > 0);
  // allSettled: a type that fails leaves the others to finish, so the refill has ended when this returns.
  const settled = await Promise.allSettled(
    types.map(async ([keyType, target]) => {
      let n = (made[keyType] = 0);
      let count = (pool[keyType] = await countSpareKeys(ctx.db, keyType));
      while (count < target && n < target && !opts.stopping?.()) {
        const sealed = ctx.box.seal(await generatePrivateKey(keyType), spareKeyContext(keyType));
        await ctx.db.query(`insert into spare_keys (key_type, sealed_key) values ($1, $2)`, [keyType, sealed]);
        made[keyType] = ++n;
        count = pool[keyType] = await countSpareKeys(ctx.db, keyType);
      }
    }),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  const total = Object.values(made).reduce((sum, n) => sum + (n ?? 0), 0);
  if (total > 0) ctx.log.info('spare keys made', { made, pool });
  if (failed) throw failed.reason;
  return total;
}
