// Markdown output helpers shared by the streams benchmarks.
import os from 'node:os';
import type { LatencySummary } from './proc-stats.js';

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';

export const lat = (l: LatencySummary | undefined): string => (l === undefined || l.n === 0 ? '—' : `${fmt(l.p50)} / ${fmt(l.p99)}`);

export function header(title: string, details: string): void {
  console.log(`\n${title}, node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(details);
}

export function table(columns: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`\n| ${columns.join(' | ')} |`);
  console.log(`|${columns.map((_c, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

export function args(): { num(name: string, dflt: number): number; str(name: string, dflt: string): string; flag(name: string): boolean } {
  const a = process.argv.slice(2);
  const get = (name: string): string | undefined => {
    const i = a.indexOf(`--${name}`);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return {
    num: (name, dflt) => Number(get(name) ?? dflt),
    str: (name, dflt) => get(name) ?? dflt,
    flag: (name) => a.includes(`--${name}`),
  };
}
