/**
 * `npm run token -- create --name <name> --scopes admin[,read,...]`: mints an API token on this machine,
 * straight into certplane's database, and prints it once. For a lost admin token: no API call, no
 * token needed, only what the server itself uses to reach its database: DATABASE_URL (with
 * CERTPLANE_MASTER_KEY) or the embedded Postgres in CERTPLANE_DATA_DIR (./.certplane), running or not.
 */
import './production.js';
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { DataSource } from 'typeorm';
import { createApiToken, SCOPES } from './auth/tokens.js';
import { createOperatorToken } from './auth/operator-tokens.js';
import { ConfigError, dataDirFrom, loadConfig } from './config.js';
import { openDatabase } from './db/data-source.js';
import { dataDirHolder, embeddedServerUrl, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './db/embedded-postgres.js';
import { StartupError } from './startup-error.js';

/** A reason to stop, said in one line (no stack trace). */
class CliError extends Error {}

function parseScopes(raw: string): string[] {
  const scopes = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new InvalidArgumentError(`unknown scope ${unknown.join(', ')}; valid: ${SCOPES.join(', ')}`);
  if (!scopes.length) throw new InvalidArgumentError(`give at least one scope of: ${SCOPES.join(', ')}`);
  return scopes;
}

function parseName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > 100) throw new InvalidArgumentError('a name is 1-100 characters');
  return name;
}

/**
 * The database the server uses: DATABASE_URL, or the embedded cluster in the data dir, reached through
 * the Postgres of a running certplane (its port is in postmaster.pid) or started here for the time it
 * takes. Never makes a new cluster: a data dir without one is a mistake (wrong directory).
 */
async function openServerDatabase(): Promise<{ db: DataSource; where: string; close(): Promise<void> }> {
  const pgDir = path.join(dataDirFrom(), 'pg');
  if (!process.env.DATABASE_URL && !existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new CliError(
      `no certplane database in ${pgDir}: run this where you run npm start (or set CERTPLANE_DATA_DIR to its data dir), or set DATABASE_URL and CERTPLANE_MASTER_KEY as for npm run api`,
    );
  }
  const config = loadConfig();
  let url = config.databaseUrl;
  let where = 'DATABASE_URL';
  let embedded: EmbeddedPostgresHandle | undefined;
  if (!url) {
    const holder = dataDirHolder(pgDir);
    if (holder) {
      url = embeddedServerUrl(holder.port) + 'certplane';
      where = `the embedded Postgres of the running certplane (${pgDir})`;
    } else {
      embedded = await startEmbeddedPostgres({ dataDir: pgDir });
      url = embedded.serverUrl + 'certplane';
      where = `the embedded Postgres in ${pgDir}`;
    }
  }
  try {
    const db = await openDatabase(url, 2, { migrate: false });
    return {
      db,
      where,
      close: async () => {
        await db.destroy();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

async function pickOrganization(db: DataSource, wanted: string | undefined): Promise<{ id: string; name: string }> {
  const [{ exists }] = (await db.query(`select to_regclass('organizations') is not null as exists`)) as Array<{ exists: boolean }>;
  if (!exists) throw new CliError('this database has no certplane schema yet: start certplane on it once (npm start, or npm run api)');
  // Not the platform organization (no tokens; is_platform read through to_jsonb: a database not yet migrated has no such column).
  const orgs = (await db.query(
    `select id, name from organizations o where not coalesce((to_jsonb(o) ->> 'is_platform')::boolean, false) order by created_at, id`,
  )) as Array<{ id: string; name: string }>;
  if (wanted !== undefined) {
    const matches = orgs.filter((o) => o.id === wanted || o.name === wanted);
    if (matches.length === 1) return matches[0];
    if (!matches.length) throw new CliError(`no organization with the id or name "${wanted}"; there are: ${describe(orgs)}`);
    throw new CliError(`${matches.length} organizations are named "${wanted}": give its id with --organization (${describe(matches)})`);
  }
  if (orgs.length === 1) return orgs[0];
  if (!orgs.length) throw new CliError('there is no organization yet: start certplane once (npm start creates the first one, with its admin token)');
  throw new CliError(`there are ${orgs.length} organizations: choose one with --organization <id or name> (${describe(orgs)})`);
}

const describe = (orgs: Array<{ id: string; name: string }>) =>
  orgs.slice(0, 10).map((o) => `"${o.name}" ${o.id}`).join(', ') + (orgs.length > 10 ? `, ... (${orgs.length - 10} more)` : '');

async function create(opts: { name: string; scopes: string[]; organization?: string }): Promise<void> {
  const { db, where, close } = await openServerDatabase();
  try {
    const org = await pickOrganization(db, opts.organization);
    const { token, row } = await createApiToken(db.manager, org.id, opts.name, opts.scopes);
    process.stdout.write(
      `Created API token "${row.name}" (${row.id}) with scopes ${row.scopes.join(', ')} for organization "${org.name}" (${org.id}), in ${where}.\n` +
        `It is shown only this once:\n\n  ${token}\n\n` +
        `Send it as "Authorization: Bearer <token>"; in the playground's Headers tab:\n\n  {"Authorization": ${JSON.stringify(`Bearer ${token}`)}}\n\n`,
    );
  } finally {
    await close();
  }
}

async function createOperator(opts: { name: string }): Promise<void> {
  const { db, where, close } = await openServerDatabase();
  try {
    const [{ exists }] = (await db.query(`select to_regclass('operator_tokens') is not null as exists`)) as Array<{ exists: boolean }>;
    if (!exists) throw new CliError('this database has no certplane schema yet: start certplane on it once (npm start, or npm run api)');
    const { token, row } = await createOperatorToken(db.manager, opts.name);
    process.stdout.write(
      `Created the platform-operator credential "${row.name}" (${row.id}), in ${where}.\n` +
        `It manages organizations (create, suspend, delete, plans, first tokens) and reaches no organization's data. Shown only this once:\n\n  ${token}\n\n`,
    );
  } finally {
    await close();
  }
}

const program = new Command('npm run token --')
  .description("certplane's API tokens, minted on this machine straight into its database (no API call, no token needed)");
program
  .command('create')
  .description('mint a token for an organization and print it once')
  .requiredOption('--name <name>', 'what the token is for, as apiTokens lists it (1-100 characters)', parseName)
  .requiredOption('--scopes <scopes>', `comma-separated, of: ${SCOPES.join(', ')} (admin covers all but certificates:read_private_key)`, parseScopes)
  .option('--organization <id-or-name>', 'the organization, when the database has more than one')
  .action(create);
program
  .command('create-operator')
  .description('mint a platform-operator credential (the operator part of the API) and print it once')
  .requiredOption('--name <name>', 'what the credential is for (1-100 characters)', parseName)
  .action(createOperator);

program.parseAsync(process.argv).catch((err) => {
  if (err instanceof CliError || err instanceof StartupError || err instanceof ConfigError) {
    console.error(`certplane token: ${err.message}`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
