// What the broker bench measures about a broker process during a case, and how repeats combine.
import { readFileSync } from 'node:fs';

/** One case on one broker. */
export interface Result {
  recordsPerSec: number;
  mbPerSec: number;
  /** send()-to-ack p99 from ProducerPerformance (Java rows only). */
  p99Ms?: number;
  /** Load generator's wall time for the case (kcat rows). */
  wallSec?: number;
  /** Load generator's CPU seconds per million records (kcat rows). */
  clientCpuSecPerM?: number;
  /** Share of the machine's CPUs busy during the case (brokers, client and anything else running). */
  machineBusy?: number;
  rssAvgMiB: number;
  rssMaxMiB: number;
  /** Broker CPU seconds per million records. */
  cpuSecPerM: number;
}

/** utime + stime of a process (all threads), in seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

export interface Usage {
  avgMiB: number;
  maxMiB: number;
  hwmMiB: number;
  cpuSec: number;
}

/** Samples VmRSS every 100 ms and the broker's CPU time over the run; VmHWM at the end. */
export function rssSampler(pid: number): { stop(): Usage } {
  const samples: number[] = [];
  const cpu0 = cpuSeconds(pid);
  const field = (name: string): number => {
    try {
      const m = new RegExp(`${name}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const timer = setInterval(() => samples.push(field('VmRSS')), 100);
  return {
    stop() {
      clearInterval(timer);
      const avg = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0;
      return { avgMiB: avg, maxMiB: Math.max(0, ...samples), hwmMiB: field('VmHWM'), cpuSec: cpuSeconds(pid) - cpu0 };
    },
  };
}

/** Busy share of all CPUs between two calls, from /proc/stat (everything on the box, the brokers included). */
export function machineBusy(): () => number {
  const read = (): { busy: number; total: number } => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  };
  const a = read();
  return () => {
    const b = read();
    return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
  };
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Median per field over repeats; peak RSS is the maximum. */
export function median(results: Result[] | undefined): Result | undefined {
  if (!results || results.length === 0) return undefined;
  const mid = (pick: (r: Result) => number | undefined): number | undefined => {
    const xs = results.map(pick).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    if (xs.length === 0) return undefined;
    return xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
  };
  const out: Result = {
    recordsPerSec: mid((r) => r.recordsPerSec)!,
    mbPerSec: mid((r) => r.mbPerSec)!,
    rssAvgMiB: mid((r) => r.rssAvgMiB)!,
    rssMaxMiB: Math.max(...results.map((r) => r.rssMaxMiB)),
    cpuSecPerM: mid((r) => r.cpuSecPerM)!,
  };
  const p99 = mid((r) => r.p99Ms);
  const wall = mid((r) => r.wallSec);
  const client = mid((r) => r.clientCpuSecPerM);
  const busy = mid((r) => r.machineBusy);
  if (busy !== undefined) out.machineBusy = busy;
  if (p99 !== undefined) out.p99Ms = p99;
  if (wall !== undefined) out.wallSec = wall;
  if (client !== undefined) out.clientCpuSecPerM = client;
  return out;
}

export const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const ratio = (a: number | undefined, b: number | undefined): string => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '–');
