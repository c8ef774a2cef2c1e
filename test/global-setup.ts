import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.js';
import { startPowerDns } from './helpers/pdns.js';
import { startPebble } from './helpers/pebble.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://...@127.0.0.1:port/ (append a database name) */
    postgresUrl: string;
    pdns: { apiUrl: string; apiKey: string; dnsAddress: string; dnsPort: number };
    pebble: { directoryUrl: string; managementUrl: string; tlsCaPath: string };
  }
}

/** One embedded Postgres, one PowerDNS and one Pebble for the whole suite; files isolate by database and zone. */
export default async function setup(project: TestProject) {
  // Each run has a folder of its own, so two runs in one checkout never empty each other's (CERTPLANE_TEST_TMP moves the parent).
  const parent = path.resolve(process.env.CERTPLANE_TEST_TMP ?? '.test-tmp');
  await removeDeadRuns(parent);
  const tmp = path.join(parent, `run-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), persistent: false });
  const pdns = await startPowerDns({ dir: path.join(tmp, 'pdns') });
  const pebble = await startPebble({ dir: path.join(tmp, 'pebble'), dnsServer: pdns.dnsAddress });
  project.provide('postgresUrl', postgres.serverUrl);
  project.provide('pdns', { apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, dnsAddress: pdns.dnsAddress, dnsPort: pdns.dnsPort });
  project.provide('pebble', { directoryUrl: pebble.directoryUrl, managementUrl: pebble.managementUrl, tlsCaPath: pebble.tlsCaPath });
  return async () => {
    await pebble.stop();
    await pdns.stop();
    await postgres.stop();
    await rm(tmp, { recursive: true, force: true });
  };
}

/** Folders left by runs whose process is gone (killed before teardown). */
async function removeDeadRuns(parent: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const name of entries) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
}
