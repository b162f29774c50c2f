// Memory and CPU of a process (this one or a child) from /proc, for the benchmark tables.
import { readFileSync } from 'node:fs';

const MiB = 1024 * 1024;

/** A /proc/<pid>/status field in MiB (VmHWM = peak RSS, VmRSS = current), 0 when gone. */
export function statusMiB(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process (all threads), seconds; USER_HZ is 100 on Linux. */
export function cpuSeconds(pid: number | 'self'): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export function heapMiB(): number {
  return process.memoryUsage().heapUsed / MiB;
}

/** Percentiles (nearest rank, floor) of latency samples in ms. */
export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) return { n: 0, p50: -1, p99: -1, max: -1 };
  const xs = Float64Array.from(samples).sort();
  const at = (q: number): number => xs[Math.floor(q * (xs.length - 1))]!;
  return { n: xs.length, p50: at(0.5), p99: at(0.99), max: xs[xs.length - 1]! };
}
