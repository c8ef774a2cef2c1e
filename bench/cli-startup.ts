/**
 * `npm run bench -- cli-startup`: how long `certplane --help` takes as a user starts it (node
 * bin/certplane.js, compiled JS), beside plain `node -e 0` on the same machine (node's own start-up),
 * and a subcommand's help. Each command runs `--runs` times after `--warmup` untimed runs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib/infra.js';
import { mean, percentile, writeResult, type Row } from './lib/report.js';

const BIN = path.join(ROOT, 'bin/certplane.js');

/** Wall time of each of `runs` runs of node with `args`, in ms (after `warmup` untimed runs). */
function time(args: string[], runs: number, warmup: number): number[] {
  const once = () => {
    const start = process.hrtime.bigint();
    const res = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    return ms;
  };
  for (let i = 0; i < warmup; i++) once();
  return Array.from({ length: runs }, once);
}

/** Runs the benchmark (flags: --runs 20, --warmup 3). */
export async function runCliStartup(args: Record<string, string>): Promise<void> {
  const runs = Number(args.runs ?? 20);
  const warmup = Number(args.warmup ?? 3);
  const cases: Array<[string, string[]]> = [
    ['node -e 0 (node alone)', ['-e', '0']],
    ['certplane --help', [BIN, '--help']],
    ['certplane certs request --help', [BIN, 'certs', 'request', '--help']],
  ];
  const rows: Row[] = cases.map(([name, nodeArgs]) => {
    const ms = time(nodeArgs, runs, warmup);
    return { command: name, runs, 'min ms': Math.min(...ms), 'median ms': percentile(ms, 50), 'mean ms': mean(ms), 'p90 ms': percentile(ms, 90), 'max ms': Math.max(...ms) };
  });
  await writeResult('cli-startup', { runs, warmup }, { 'wall time per start': rows });
}
