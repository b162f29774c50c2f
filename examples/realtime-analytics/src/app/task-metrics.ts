/** One task's progress, from the runtime's Prometheus metrics. */
export interface TaskProgress {
  readonly task: string;
  readonly processed: number;
  /** Records per second since the previous sample. */
  readonly rate: number;
}

/** Records behind the high watermark, per input partition. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

export interface RuntimeProgress {
  readonly tasks: readonly TaskProgress[];
  readonly lags: readonly PartitionLag[];
  readonly processed: number;
  readonly rate: number;
  /** Highest `rate` seen so far. */
  readonly peakRate: number;
}

interface Sample {
  readonly name: string;
  readonly labels: { readonly [label: string]: string };
  readonly value: number;
}

/** Parses Prometheus text exposition (what `app.metrics()` returns) into samples. */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (m === null) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** Turns successive metric scrapes into per-task throughput and per-partition lag. */
export class ProgressTracker {
  private last: { at: number; byTask: Map<string, number> } | null = null;
  private peak = 0;

  sample(metricsText: string, now = Date.now()): RuntimeProgress {
    const samples = parseMetrics(metricsText);
    const byTask = new Map<string, number>();
    for (const s of samples) if (s.name === 'tributary_streams_process_total' && s.labels['task'] !== undefined) byTask.set(s.labels['task'], s.value);
    const elapsed = this.last === null ? 0 : (now - this.last.at) / 1000;
    const tasks = [...byTask].sort(([a], [b]) => compareTaskIds(a, b)).map(([task, processed]) => ({
      task, processed, rate: elapsed > 0 ? Math.max(0, Math.round((processed - (this.last?.byTask.get(task) ?? 0)) / elapsed)) : 0,
    }));
    this.last = { at: now, byTask };
    const lags = samples
      .filter((s) => s.name === 'tributary_streams_records_lag')
      .map((s) => ({ topic: s.labels['topic'] ?? '?', partition: Number(s.labels['partition'] ?? 0), lag: s.value }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    const rate = tasks.reduce((a, t) => a + t.rate, 0);
    this.peak = Math.max(this.peak, rate);
    return { tasks, lags, processed: tasks.reduce((a, t) => a + t.processed, 0), rate, peakRate: this.peak };
  }
}

/** "0_1" before "0_10" before "1_0". */
function compareTaskIds(a: string, b: string): number {
  const [a0, a1] = a.split('_').map(Number);
  const [b0, b1] = b.split('_').map(Number);
  return (a0 ?? 0) - (b0 ?? 0) || (a1 ?? 0) - (b1 ?? 0) || (a < b ? -1 : 1);
}
