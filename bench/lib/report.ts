/** Percentiles, the machine a run happened on, the JSON result file and the printed table. */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './infra.js';

/** Nearest-rank percentile of unsorted values (p in 0..100); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

export function machine() {
  let lego = '';
  try {
    lego = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'lego', 'pebble', 'pdns-server'], { encoding: 'utf8' });
  } catch {
    /* not Debian */
  }
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    debianPackages: lego || undefined,
  };
}

export type Row = Record<string, string | number>;

const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : v);

/** A GitHub-flavoured Markdown table (pasted as is into bench/README.md). */
export function table(rows: Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => (r[c] === undefined ? '' : fmt(r[c]))));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(width[i])).join(' | ')} |`;
  return [line(cols), `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

/** Writes bench/results/<name>-<timestamp>.json and prints the tables; returns the file path. */
export async function writeResult(name: string, params: object, tables: Record<string, Row[]>, extra: object = {}): Promise<string> {
  const m = machine();
  const dir = path.join(ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}-${m.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ benchmark: name, machine: m, params, tables, ...extra }, null, 2) + '\n');
  const say = (s: string) => process.stdout.write(s + '\n');
  say(`\n## ${name}  (${m.date}, ${m.nproc} cpus, ${m.memoryGb} GB, node ${m.node}, load ${m.loadavg.join(' ')})`);
  say(`params: ${JSON.stringify(params)}`);
  for (const [title, rows] of Object.entries(tables)) say(`\n### ${title}\n\n${table(rows)}`);
  say(`\nresult: ${path.relative(ROOT, file)}`);
  return file;
}

/** Wall-clock stopwatch in ms. */
export const since = (t0: number) => performance.now() - t0;

/** A log line on stderr, so stdout keeps just the report. */
export const note = (s: string) => process.stderr.write(`[bench] ${s}\n`);
