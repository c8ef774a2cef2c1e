/** CPU seconds used by this process's descendants (server, Postgres, Pebble, PowerDNS, lego), from /proc. */
import { readdir, readFile } from 'node:fs/promises';

const TICKS = 100; // USER_HZ on Linux

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  cpuS: number;
  /** CPU of its exited, waited-for children. */
  childrenS: number;
  /** When it started (clock ticks since boot): with the pid, which process it is (pids are reused). */
  start: number;
}

async function readProcs(): Promise<Proc[]> {
  const out: Proc[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = await readFile(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // fields after comm: state ppid ... utime(12) stime(13) cutime(14) cstime(15)
      const own = (Number(f[11]) + Number(f[12])) / TICKS;
      const children = (Number(f[13]) + Number(f[14])) / TICKS;
      out.push({ pid: Number(d), ppid: Number(f[1]), comm, cpuS: own, childrenS: children, start: Number(f[19]) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** This process and its descendants. */
function ownTree(procs: Proc[]): Set<number> {
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) (mine.add(p.pid), (grew = true));
  }
  return mine;
}

/** CPU seconds of every process outside this process's tree (with its waited-for children's), by pid. */
export interface OthersSnapshot {
  cpu: Map<number, { comm: string; start: number; s: number }>;
}

export async function othersSnapshot(): Promise<OthersSnapshot> {
  const procs = await readProcs();
  const mine = ownTree(procs);
  // A kernel worker's name says what it works on now (kworker/0:1-events): counted under kworker/0:1.
  const name = (p: Proc) => (p.ppid === 2 ? p.comm.replace(/-.*$/, '') : p.comm);
  return { cpu: new Map(procs.filter((p) => !mine.has(p.pid)).map((p) => [p.pid, { comm: name(p), start: p.start, s: p.cpuS + p.childrenS }])) };
}

/**
 * CPU seconds spent between two snapshots by processes outside this benchmark's tree, per command
 * (largest first): what ran beside it. A process started meanwhile counts whole; one that ended
 * meanwhile counts in its parent once waited for (a test runner's workers, a build's compilers).
 */
export function othersDelta(before: OthersSnapshot, after: OthersSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, now] of after.cpu) {
    const was = before.cpu.get(pid);
    const d = now.s - (was && was.start === now.start ? was.s : 0);
    if (d > 0) out[now.comm] = (out[now.comm] ?? 0) + d;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v * 100) / 100] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]));
}

/** CPU seconds per command name over this process and its descendants (children that exited are in cutime). */
export async function cpuByCommand(): Promise<Record<string, number>> {
  const procs = await readProcs();
  const mine = ownTree(procs);
  const out: Record<string, number> = {};
  for (const p of procs) {
    if (!mine.has(p.pid)) continue;
    if (p.pid === process.pid) {
      out['bench (self)'] = p.cpuS;
      out['exited children (lego)'] = p.childrenS;
      continue;
    }
    const name = p.comm.startsWith('postgres') ? 'postgres' : p.comm;
    out[name] = (out[name] ?? 0) + p.cpuS + p.childrenS;
  }
  return out;
}

/** Difference of two cpuByCommand snapshots, rounded, largest first. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const rows = [...keys].map((k) => [k, Math.round(((after[k] ?? 0) - (before[k] ?? 0)) * 100) / 100] as const);
  return Object.fromEntries(rows.filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]));
}

/** CPU seconds the whole machine has been busy since boot (all cores, from /proc/stat; iowait and idle left out). */
export async function machineBusyS(): Promise<number> {
  const f = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / TICKS;
}
