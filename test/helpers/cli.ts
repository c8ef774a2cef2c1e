import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './build.js';

export const CERTPLANE_BIN = path.join(ROOT, 'bin/certplane.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI process: this one's without CERTPLANE_* and NODE_OPTIONS, then `env`. */
export function cliEnv(env: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base)) if (k === 'NODE_OPTIONS' || k.startsWith('CERTPLANE_') || k.startsWith('VITEST')) delete base[k];
  return { ...base, ...env };
}

/** `node bin/certplane.js <args>` as a user runs it, to its end; `input` is written to its stdin. */
export async function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliRun> {
  const child = spawn(process.execPath, [CERTPLANE_BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `pred` holds for what the process printed so far (stdout, stderr). */
  waitFor(pred: (stdout: string, stderr: string) => boolean, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** A long-running CLI process (e.g. `certs watch`). */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [CERTPLANE_BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (c: Buffer) => ((out += c.toString()), poke()));
  child.stderr!.on('data', (c: Buffer) => ((err += c.toString()), poke()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => (poke(), resolve(code))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pred, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pred(out, err)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`the process ended (${child.exitCode}) first; stdout: ${out} stderr: ${err}`));
          }
        };
        const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`not seen in ${timeoutMs} ms; stdout: ${out} stderr: ${err}`))), timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/**
 * The npm packages `node bin/certplane.js <args>` imports (ES module resolutions seen by a module
 * hook; the CommonJS files a package requires internally are not listed, its entry is).
 */
export async function importedPackages(args: string[], dir: string, env: Record<string, string> = {}): Promise<string[]> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { pathToFileURL } = await import('node:url');
  await mkdir(dir, { recursive: true });
  const hooks = path.join(dir, 'trace-hooks.mjs');
  const register = path.join(dir, 'trace-register.mjs');
  await writeFile(
    hooks,
    `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  writeSync(2, '@@import ' + r.url + '\\n');
  return r;
}
`,
  );
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, CERTPLANE_BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise((resolve) => child.once('close', resolve));
  const urls = [...stderr.matchAll(/^@@import (\S+)$/gm)].map((m) => m[1]!);
  if (!urls.length) throw new Error(`no imports traced: ${stderr}`);
  return [...new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => Boolean(p)))].sort();
}
