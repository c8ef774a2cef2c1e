import { spawnSync } from 'node:child_process';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Brings dist/ up to date (`npm run build`: tsc -b, incremental, then the dashboard's Vite build when
 * dashboard/ changed), one test file at a time: files that
 * run npm scripts (npm start, npm run token) build first through this, so their scripts find nothing
 * to build and never write dist/ while another file's process loads it.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = path.resolve(process.env.CERTPLANE_TEST_TMP ?? path.join(ROOT, '.test-tmp'), 'build.lock');
  await mkdir(path.dirname(lock), { recursive: true });
  const end = Date.now() + 300_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // Held by another file's build; a lock older than 5 minutes was left by a killed run.
      const since = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (since > 300_000) await rmdir(lock).catch(() => undefined);
      if (Date.now() > end) throw new Error(`${lock} held for 5 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const res = spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
    if (res.status !== 0) throw new Error(`npm run build failed (${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
    // The dashboard (Vite), as npm run build does: skipped when dashboard/ is unchanged since dist/dashboard/ was built.
    const ui = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts/build-dashboard.js')], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
    if (ui.status !== 0) throw new Error(`the dashboard build failed (${ui.status ?? ui.signal}):\n${ui.stdout}${ui.stderr}`);
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}
