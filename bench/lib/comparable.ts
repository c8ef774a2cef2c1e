/**
 * Whether a timed run had the machine to itself: CPU the machine spent outside this benchmark's
 * processes (another test suite, a build, a browser) slows every tool unequally, so a ratio between a
 * run that met it and one that did not means nothing. Measured from /proc over the run.
 */
import os from 'node:os';
import { cpuByCommand, machineBusyS } from './cpu.js';

/** Share of the machine (all cores over the run's wall time) others may use before a run is not comparable. */
export const OUTSIDE_CPU_LIMIT = 0.05;

export interface CpuWatch {
  /** CPU seconds per command of this benchmark's processes over the run (largest first). */
  own: Record<string, number>;
  /** CPU seconds the machine spent outside them. */
  outsideS: number;
  /** outsideS over the machine's capacity in the run (wall x cores), 0..1. */
  outsideShare: number;
  comparable: boolean;
}

/** Starts watching; `stop()` returns what the run used (call it before stopping a server, whose CPU would then count as gone). */
export async function watchCpu(): Promise<{ stop(): Promise<CpuWatch> }> {
  const t0 = performance.now();
  const own0 = await cpuByCommand();
  const busy0 = await machineBusyS();
  return {
    async stop() {
      const own1 = await cpuByCommand();
      const busy = (await machineBusyS()) - busy0;
      const wallS = (performance.now() - t0) / 1000;
      const own: Record<string, number> = {};
      for (const k of new Set([...Object.keys(own0), ...Object.keys(own1)])) {
        const v = Math.round(((own1[k] ?? 0) - (own0[k] ?? 0)) * 100) / 100;
        if (v > 0) own[k] = v;
      }
      const ownS = Object.values(own).reduce((a, b) => a + b, 0);
      const outsideS = Math.max(0, Math.round((busy - ownS) * 10) / 10);
      const outsideShare = outsideS / Math.max(0.001, wallS * os.availableParallelism());
      return { own: Object.fromEntries(Object.entries(own).sort((a, b) => b[1] - a[1])), outsideS, outsideShare, comparable: outsideShare <= OUTSIDE_CPU_LIMIT };
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
