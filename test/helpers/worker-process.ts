import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  log(): string;
  /** Resolves with the exit signal/code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `certplane worker` as a separate process (TypeScript through tsx), as an operator would. */
export async function startWorkerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<WorkerProcess> {
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`worker did not start in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    const check = () => {
      if (/Worker connected/.test(stderr)) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    void exited.then((e) => {
      clearTimeout(t);
      reject(new Error(`worker exited early (${e.code ?? e.signal}):\n${stderr}`));
    });
  });
  await ready;
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    child,
    log: () => stderr,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
