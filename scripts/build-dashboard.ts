/**
 * Builds the web dashboard (dashboard/, React bundled by Vite) into dist/dashboard/, part of `npm run build`.
 * Skipped when dashboard/ is what the last build was made from: a SHA-256 of its files' names and contents
 * (and Vite's version) is kept in dist/dashboard/.source-hash, so a restart pays ~50 ms, not a Vite build.
 * `--force` builds anyway.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../server/src/repo-root.js';

const SOURCE = path.join(REPO_ROOT, 'dashboard');
const OUT = path.join(REPO_ROOT, 'dist/dashboard');
const STAMP = path.join(OUT, '.source-hash');

/** Every file under dir, sorted, as paths relative to it. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const require = createRequire(import.meta.url);
  hash.update(`vite ${(require('vite/package.json') as { version: string }).version}\0`);
  for (const f of await files(SOURCE)) hash.update(`${f}\0`).update(await readFile(path.join(SOURCE, f))).update('\0');
  return hash.digest('hex');
}

export async function buildDashboard(opts: { force?: boolean } = {}): Promise<'built' | 'unchanged'> {
  const hash = await sourceHash();
  const stamp = await readFile(STAMP, 'utf8').catch(() => '');
  if (!opts.force && stamp.trim() === hash) return 'unchanged';
  // Always React's production build: Vite follows NODE_ENV, which a test runner sets to `test`.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(SOURCE, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  await writeFile(STAMP, `${hash}\n`);
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  buildDashboard({ force: process.argv.includes('--force') }).then(
    (r) => {
      if (r === 'built') console.error(`dashboard built into dist/dashboard/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    },
    (err) => {
      console.error(`dashboard build failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
