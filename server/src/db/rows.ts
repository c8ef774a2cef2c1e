import type { Pool } from 'pg';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Reads on the API's hot paths (lists, one row by id) as plain SQL: the select list is built once from
 * the entity's metadata, and pg's own type parsing gives the same values TypeORM's hydration would
 * (every column here is a type pg parses: uuid/text, text[], boolean, integer, timestamptz, jsonb).
 * bench/api.ts found TypeORM's query building and hydration to be the largest part of a page request.
 */
const selects = new Map<string, string>();
/** Distinct select lists kept (one per entity, alias and column set: a handful in practice). */
const MAX_SELECTS = 500;

/**
 * `alias."db_column" as "property", ...` for the entity's selected columns: all of them less
 * `exclude`, or with `only`, just those (property names).
 */
export function selectColumns(
  db: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
  pick: { exclude?: readonly string[]; only?: ReadonlySet<string> } = {},
): string {
  const meta = db.getMetadata(entity);
  const key = `${meta.tableName}|${alias}|${pick.exclude?.join(',') ?? ''}|${pick.only ? [...pick.only].sort().join(',') : '*'}`;
  let sql = selects.get(key);
  if (sql === undefined) {
    sql = meta.columns
      .filter((c) => c.isSelect && !pick.exclude?.includes(c.propertyName) && (!pick.only || pick.only.has(c.propertyName)))
      .map((c) => `${alias}."${c.databaseName}" as "${c.propertyName}"`)
      .join(', ');
    if (selects.size < MAX_SELECTS) selects.set(key, sql);
  }
  return sql;
}

/** Adds `value` to `params` and returns its placeholder (`$n`). */
export function bind(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** The entity's row `id` when it belongs to `organizationId` (every selected column), else undefined. */
export async function findInOrganization<T>(db: DataSource, entity: EntityTarget<ObjectLiteral>, organizationId: string, id: string): Promise<T | undefined> {
  const table = db.getMetadata(entity).tableName;
  const [row] = await queryRows<T>(db, `select ${selectColumns(db, entity, 't')} from ${table} t where t.id = $1 and t.organization_id = $2`, [id, organizationId], { prepare: true });
  return row;
}

/**
 * Side statements of a write, as CTEs `s0, s1, ...` after the caller's own (`ctes`, each starting with
 * a comma) and the columns of its final select that reference them (`counts`): a CTE that only reads,
 * as `select pg_notify(...)` or `select graphile_worker.add_job(...)`, runs only when referenced.
 */
export function sideEffects(sides: string[]): { ctes: string; counts: string } {
  return {
    ctes: sides.map((sql, i) => `, s${i} as (${sql})`).join(''),
    counts: sides.map((_, i) => `, (select count(*) from s${i}) as s${i}`).join(''),
  };
}

/** Statement names given out (SQL text -> name); each pooled connection prepares a name on first use. */
const statements = new Map<string, string>();
/** Texts that get a name: the hot queries are a handful; past this, queries run unnamed. */
const MAX_STATEMENTS = 200;

/**
 * The rows of a statement (parameters `$1`, `$2`, ...), on `db`'s pool or, for a transaction's manager,
 * on its connection. With `prepare`, it runs as a named prepared statement: Postgres parses and plans it
 * once per connection instead of on every call. Planning was 0.23 ms of the 0.35 ms Postgres spent on a
 * page of 50 certificates with its totalCount (bench/api.ts). Only for statements whose best plan does
 * not depend on the values bound: after five runs Postgres may keep one generic plan for every value (a
 * hostname ILIKE pattern must not be prepared).
 */
export async function queryRows<T>(db: DataSource | EntityManager, sql: string, params: unknown[], opts: { prepare?: boolean } = {}): Promise<T[]> {
  let name = opts.prepare ? statements.get(sql) : undefined;
  if (opts.prepare && name === undefined && statements.size < MAX_STATEMENTS) statements.set(sql, (name = `certplane_${statements.size}`));
  if (name === undefined) return db.query(sql, params) as Promise<T[]>;
  const source = 'getMetadata' in db ? db : db.connection;
  // TypeORM's own queries are logged by its query runner; this one goes to pg directly, so say it.
  source.logger.logQuery(sql, params);
  const runner = 'getMetadata' in db ? undefined : db.queryRunner;
  if (runner?.isReleased) return db.query(sql, params) as Promise<T[]>; // TypeORM's own error: the transaction is over
  const on: Pick<Pool, 'query'> = runner ? ((await runner.connect()) as Pool) : ((source.driver as PostgresDriver).master as Pool);
  return (await on.query({ name, text: sql, values: params })).rows as T[];
}

/**
 * The entity's columns and bound placeholders for `values` (entity properties; undefined ones skipped),
 * binding values as TypeORM would (json/jsonb as JSON text).
 */
function boundColumns(db: DataSource | EntityManager, entity: EntityTarget<ObjectLiteral>, values: Record<string, unknown>, params: unknown[]) {
  const meta = ('getMetadata' in db ? db : db.connection).getMetadata(entity);
  const out: Array<{ column: string; placeholder: string }> = [];
  for (const [prop, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const col = meta.findColumnWithPropertyName(prop);
    if (!col) throw new Error(`${meta.tableName} has no column for ${prop}`);
    const json = (col.type === 'jsonb' || col.type === 'json') && value !== null;
    out.push({ column: `"${col.databaseName}"`, placeholder: bind(params, json ? JSON.stringify(value) : value) });
  }
  return { meta, out };
}

/** `("column", ...) values ($n, ...)` for a new row of entity properties (undefined ones skipped: the column's default). */
export function insertValues(db: DataSource | EntityManager, entity: EntityTarget<ObjectLiteral>, row: Record<string, unknown>, params: unknown[]): string {
  const { out } = boundColumns(db, entity, row, params);
  return `(${out.map((c) => c.column).join(', ')}) values (${out.map((c) => c.placeholder).join(', ')})`;
}

/**
 * `"column" = $n, ...` for a patch of entity properties (undefined ones skipped), binding values as
 * TypeORM would (json/jsonb as JSON text), plus the entity's update-date column set to now().
 */
export function setClause(db: DataSource | EntityManager, entity: EntityTarget<ObjectLiteral>, patch: Record<string, unknown>, params: unknown[]): string {
  const { meta, out } = boundColumns(db, entity, patch, params);
  const parts = out.map((c) => `${c.column} = ${c.placeholder}`);
  if (meta.updateDateColumn) parts.push(`"${meta.updateDateColumn.databaseName}" = now()`);
  return parts.join(', ');
}
