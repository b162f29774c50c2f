// One Tributary streams run in its own process (so its peak RSS and CPU are its own), on an
// embedded log directory the parent pre-filled. Spawned by bench/streams-*.ts with one JSON
// argument (TributaryRunSpec); prints one line `RESULT <json>` (TributaryRunResult).
import { embedded } from '@tributary/client';
import { TributaryStreams, type ProcessingGuarantee } from '@tributary/streams';
import { OutputReader, type Completion } from './output-reader.js';
import { runProbes, type ProbeOptions } from './probes.js';
import { cpuSeconds, statusMiB, summarize, type LatencySummary } from './proc-stats.js';
import { topology, type Workload } from './topologies.js';

export interface TributaryRunSpec {
  readonly dir: string;
  readonly stateDir: string;
  readonly applicationId: string;
  readonly workload: Workload;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly completion: Completion;
  readonly expect: number;
  readonly guarantee: ProcessingGuarantee;
  readonly commitIntervalMs: number;
  readonly probes: ProbeOptions;
  readonly idleMs: number;
}

export interface TributaryRunResult {
  readonly ms: number;
  readonly progress: number;
  readonly complete: boolean;
  readonly latency: LatencySummary;
  readonly peakRssMiB: number;
  readonly cpuSec: number;
  /** The throughput phase in seconds since process start (to cut a --cpu-prof profile). */
  readonly phase: readonly [number, number];
}

const spec = JSON.parse(process.argv[2]!) as TributaryRunSpec;
const latencyFrom = Date.now();
const cluster = embedded({ dir: spec.dir, cleanerIntervalMs: 0 }, { clientId: 'bench' });
await cluster.connect();
const reader = new OutputReader(cluster, { topic: spec.output, completion: spec.completion, expect: spec.expect, latencyFrom, byEndOffset: spec.completion === 'records' && spec.guarantee === 'at_least_once' });
await reader.start();
const app = new TributaryStreams(topology(spec.workload, spec.inputs, spec.output), {
  applicationId: spec.applicationId,
  cluster,
  stateDir: spec.stateDir,
  commitIntervalMs: spec.commitIntervalMs,
  processingGuarantee: spec.guarantee,
  // Experiments only (BENCH_MAX_BUFFERED=n): Kafka's buffered.records.per.partition.
  ...(process.env.BENCH_MAX_BUFFERED === undefined ? {} : { maxBufferedRecordsPerPartition: Number(process.env.BENCH_MAX_BUFFERED) }),
});
const cpu0 = cpuSeconds('self');
const t0 = performance.now();
await app.start();
// Complete, or stuck: no counted output for idleMs (after the first one, or 120 s without any).
for (;;) {
  await new Promise((r) => setTimeout(r, 20));
  if (reader.complete) break;
  const since = performance.now() - (reader.lastCountedAt || t0);
  if (since > (reader.lastCountedAt ? spec.idleMs : 120_000)) break;
  if (app.state === 'ERROR') break;
}
const ms = (reader.lastCountedAt || performance.now()) - t0;
const cpuSec = cpuSeconds('self') - cpu0;
if (spec.probes.rate > 0 && reader.complete) {
  await reader.followForProbes();
  await runProbes(cluster, spec.workload, spec.inputs, spec.probes);
  // Let the last probes through one or two commit cycles.
  await new Promise((r) => setTimeout(r, Math.max(1500, 2 * spec.commitIntervalMs + 500)));
}
const result: TributaryRunResult = {
  ms,
  progress: reader.progress,
  complete: reader.complete,
  latency: summarize(reader.latencies),
  peakRssMiB: statusMiB('self', 'VmHWM'),
  cpuSec,
  phase: [t0 / 1000, (t0 + ms) / 1000],
};
await app.close({ timeoutMs: 30_000 });
await reader.stop();
await cluster.disconnect();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
