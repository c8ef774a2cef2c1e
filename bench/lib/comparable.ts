/**
 * Whether a timed run had the machine to itself: CPU the machine spent outside this benchmark's
 * processes (another test suite, a build, a browser) slows every tool unequally, so a ratio between a
 * run that met it and one that did not means nothing. Measured from /proc over the run, process by
 * process: the CPU of every process outside the benchmark's tree. (The machine's busy time in
 * /proc/stat less the benchmark's own is no measure of it: the two are accounted apart, and under
 * heavy IPC they differ by more than the limit. Four pg clients pinging Postgres for 5 s gave 7.38 CPU s
 * by process against 6.96 s busy in /proc/stat; certplane's short runs met the opposite, ~0.5 s, with
 * nothing else running. `busyGapS` keeps that difference, for the record.)
 */
import os from 'node:os';
import { cpuByCommand, machineBusyS, othersDelta, othersSnapshot } from './cpu.js';

/** Share of the machine (all cores over the run's wall time) others may use before a run is not comparable. */
export const OUTSIDE_CPU_LIMIT = 0.05;

export interface CpuWatch {
  /** CPU seconds per command of this benchmark's processes over the run (largest first). */
  own: Record<string, number>;
  /** CPU seconds processes outside them spent. */
  outsideS: number;
  /** Those processes by command (largest first). */
  outside: Record<string, number>;
  /** The machine's busy CPU (/proc/stat) less `own` and `outsideS`: accounting differences, kernel work. */
  busyGapS: number;
  /** outsideS over the machine's capacity in the run (wall x cores), 0..1. */
  outsideShare: number;
  comparable: boolean;
}

/** Starts watching; `stop()` returns what the run used (call it before stopping a server, whose CPU would then count as gone). */
export async function watchCpu(): Promise<{ stop(): Promise<CpuWatch> }> {
  const t0 = performance.now();
  const own0 = await cpuByCommand();
  const others0 = await othersSnapshot();
  const busy0 = await machineBusyS();
  return {
    async stop() {
      const own1 = await cpuByCommand();
      const outside = othersDelta(others0, await othersSnapshot());
      const busy = (await machineBusyS()) - busy0;
      const wallS = (performance.now() - t0) / 1000;
      const own: Record<string, number> = {};
      for (const k of new Set([...Object.keys(own0), ...Object.keys(own1)])) {
        const v = Math.round(((own1[k] ?? 0) - (own0[k] ?? 0)) * 100) / 100;
        if (v > 0) own[k] = v;
      }
      const ownS = Object.values(own).reduce((a, b) => a + b, 0);
      const outsideS = Math.round(Object.values(outside).reduce((a, b) => a + b, 0) * 10) / 10;
      const outsideShare = outsideS / Math.max(0.001, wallS * os.availableParallelism());
      const busyGapS = Math.round((busy - ownS - outsideS) * 10) / 10;
      return { own: Object.fromEntries(Object.entries(own).sort((a, b) => b[1] - a[1])), outsideS, outside, busyGapS, outsideShare, comparable: outsideShare <= OUTSIDE_CPU_LIMIT };
    },
  };
}

/** Median of numbers (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** "min-max" of numbers, rounded to `digits`. */
export function spread(values: number[], digits = 2): string {
  if (!values.length) return '';
  return `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
}
