// Streams S-bench 3: a windowed count (1-minute tumbling windows, 10k keys) and a stream-stream
// inner join (JoinWindows 1 minute), Tributary on the embedded log against real Kafka Streams
// 3.9.2 (a KafkaStreams app, test/reference/streams-bench) on Apache Kafka 3.9.2, both on this
// machine in this run, under at_least_once and exactly_once_v2.
// Usage: npm run bench -- streams-windowed [--records 300000] [--join-records 100000] [--probe-rate 1000] [--only tributary|kafka] [--profile]
// See docs/benchmarks.md, "## Streams".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded, kafka, type Cluster } from '@tributary/client';
import { StreamsBuilder, TributaryStreams } from '@tributary/streams';
import { startReferenceKafka } from '../test/helpers/reference-kafka.js';
import { childNodeFlags, runTributary, REPO_ROOT } from './streams/children.js';
import { WINDOW_MS, expectedJoinPairs, records, spread, type BenchRecord } from './streams/data.js';
import { createTopics, fill } from './streams/fill.js';
import { buildJavaStreams, JAVA_STREAMS_JVM, startJavaStreams } from './streams/java-streams.js';
import { runProbes } from './streams/probes.js';
import type { LatencySummary } from './streams/proc-stats.js';
import { args, fmt, header, lat, table } from './streams/table.js';
import type { Workload } from './streams/topologies.js';

const a = args();
const N = a.num('records', 300_000);
const NJ = a.num('join-records', 100_000);
const PROBE_RATE = a.num('probe-rate', 1000);
const PROBE_SECONDS = 3;
const ONLY = a.str('only', '');
const SPAN_MS = 10 * 60_000;
const GUARANTEES = ['at_least_once', 'exactly_once_v2'] as const;
type Guarantee = (typeof GUARANTEES)[number];
/** Kafka Streams' default under exactly-once is 100 ms; under at-least-once we use 1 s (its default 30 s would dominate). */
const commitMs = (g: Guarantee): number => (g === 'exactly_once_v2' ? 100 : 1000);
if (a.flag('profile')) childNodeFlags.push('--cpu-prof', `--cpu-prof-dir=${join(REPO_ROOT, 'bench', '.profiles')}`);

interface Input {
  readonly workload: Workload;
  readonly n: number;
  /** Input records by base topic name; each guarantee's run gets its own copy (see inputTopics). */
  readonly topics: Record<string, readonly BenchRecord[]>;
  readonly completion: 'sum-of-latest' | 'records';
  readonly expect: number;
}
const wc = records(N, 11, spread(N, SPAN_MS));
const left = records(NJ / 2, 12, spread(NJ / 2, SPAN_MS));
const right = records(NJ / 2, 13, spread(NJ / 2, SPAN_MS));
const inputs: Input[] = [
  { workload: 'windowed-count', n: N, topics: { 'wc-in': wc }, completion: 'sum-of-latest', expect: N },
  { workload: 'join', n: NJ, topics: { 'join-left': left, 'join-right': right }, completion: 'records', expect: expectedJoinPairs(left, right, WINDOW_MS) },
];

/**
 * Input topic names of one run. Every (workload, guarantee) run reads its own copy of the input:
 * the latency probes a run produces land in its input topics, and a later run reading them would
 * process (and count) them as throughput records, with a join pairing its own probes with them.
 */
const inputTopics = (i: Input, g: Guarantee): string[] => Object.keys(i.topics).map((t) => `${t}-${g}`);

/** Pre-produces every run's input topics (untimed). */
async function fillInputs(cluster: Cluster): Promise<void> {
  for (const i of inputs) for (const g of GUARANTEES) for (const [t, rs] of Object.entries(i.topics)) await fill(cluster, `${t}-${g}`, rs);
}

/** A table note when a run's reader did not count exactly the expected outputs (an overcount means stray records). */
const countNote = (complete: boolean, progress: number, expect: number): string =>
  !complete ? `INCOMPLETE ${progress}/${expect}` : progress !== expect ? `counted ${progress} of ${expect}` : '';

/** Whether this build of @tributary/streams accepts exactly_once_v2 (it is being added concurrently). */
function tributarySupportsEos(): boolean {
  try {
    const b = new StreamsBuilder();
    b.stream('x').to('y');
    new TributaryStreams(b.build(), { applicationId: 'probe-eos', cluster: embedded({ inMemory: true }), processingGuarantee: 'exactly_once_v2' });
    return true;
  } catch {
    return false;
  }
}

interface Row {
  workload: Workload;
  guarantee: Guarantee;
  system: 'Tributary' | 'Kafka Streams';
  rate: number;
  cpuPer1M: number;
  latency: LatencySummary | undefined;
  rss: number;
  note: string;
}
const rows: Row[] = [];
const missing: string[] = [];
const root = mkdtempSync(join(tmpdir(), 'tributary-bench-streams-windowed-'));
try {
  const outputs = inputs.flatMap((i) => GUARANTEES.map((g) => `${i.workload}-${g}-out`));
  const allTopics = [...inputs.flatMap((i) => GUARANTEES.flatMap((g) => inputTopics(i, g))), ...outputs];

  if (ONLY !== 'kafka') {
    const eos = tributarySupportsEos();
    const logDir = join(root, 'log');
    const cluster = embedded({ dir: logDir, cleanerIntervalMs: 0 });
    await cluster.connect();
    await createTopics(cluster, allTopics);
    await fillInputs(cluster);
    await cluster.disconnect();
    for (const i of inputs) {
      for (const g of GUARANTEES) {
        if (g === 'exactly_once_v2' && !eos) {
          missing.push(`Tributary ${i.workload} ${g}: not supported by this build (processingGuarantee rejected); rerun \`npm run bench -- streams-windowed --only tributary\` once it is`);
          continue;
        }
        const t = await runTributary({
          dir: logDir, stateDir: join(root, `state-${i.workload}-${g}`), applicationId: `${i.workload}-${g}`, workload: i.workload, inputs: inputTopics(i, g),
          output: `${i.workload}-${g}-out`, completion: i.completion, expect: i.expect, guarantee: g, commitIntervalMs: commitMs(g),
          probes: { rate: PROBE_RATE, seconds: PROBE_SECONDS }, idleMs: 15_000,
        });
        console.error(`Tributary ${i.workload} ${g}: ${JSON.stringify(t)}`);
        rows.push({ workload: i.workload, guarantee: g, system: 'Tributary', rate: i.n / (t.ms / 1000), cpuPer1M: (t.cpuSec * 1e6) / i.n, latency: t.latency, rss: t.peakRssMiB, note: countNote(t.complete, t.progress, i.expect) });
      }
    }
  }

  if (ONLY !== 'tributary') {
    await buildJavaStreams();
    const ref = await startReferenceKafka({ heap: '1g' });
    const cluster: Cluster = kafka({ brokers: [ref.bootstrap], clientId: 'bench-windowed', logLevel: 'error' });
    try {
      await cluster.connect();
      await createTopics(cluster, allTopics);
      await fillInputs(cluster);
      for (const i of inputs) {
        for (const g of GUARANTEES) {
          const latencyFrom = Date.now();
          const run = startJavaStreams({
            bootstrap: ref.bootstrap, applicationId: `${i.workload}-${g}`, workload: i.workload, guarantee: g, inputs: inputTopics(i, g),
            output: `${i.workload}-${g}-out`, expect: i.expect, commitIntervalMs: commitMs(g), stateDir: join(root, `kstate-${i.workload}-${g}`), latencyFrom,
          });
          try {
            const r = await run.done;
            console.error(`Kafka Streams ${i.workload} ${g}: ${JSON.stringify(r)}`);
            let latency: LatencySummary | undefined;
            if (r.complete && PROBE_RATE > 0) {
              await runProbes(cluster, i.workload, inputTopics(i, g), { rate: PROBE_RATE, seconds: PROBE_SECONDS });
              await new Promise((res) => setTimeout(res, Math.max(1500, 2 * commitMs(g) + 500)));
              latency = await run.latency();
            }
            rows.push({ workload: i.workload, guarantee: g, system: 'Kafka Streams', rate: i.n / (r.ms / 1000), cpuPer1M: (r.cpuSec * 1e6) / i.n, latency, rss: r.peakRssMiB, note: countNote(r.complete, r.progress, i.expect) });
          } finally {
            await run.stop();
          }
        }
      }
    } finally {
      await cluster.disconnect();
      await ref.stop();
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

header(
  'streams-windowed: windowed count (tumbling 1 min, no grace) and stream-stream inner join (JoinWindows 1 min, no grace)',
  `windowed count ${fmt(N)} input records, join ${fmt(NJ)} (${fmt(NJ / 2)} per side), 1 partition per topic, ${fmt(10_000)} uniform keys, timestamps spread over ${SPAN_MS / 60_000} min; ` +
    `join expects ${fmt(inputs[1]!.expect)} outputs; commit.interval 1000 ms (at_least_once) / 100 ms (exactly_once_v2); probes ${PROBE_RATE}/s for ${PROBE_SECONDS} s. ` +
    `Kafka Streams 3.9.2 (1 stream thread, RocksDB stores, JVM ${JAVA_STREAMS_JVM.join(' ')}) on Apache Kafka 3.9.2 (KRaft, 1 node, -Xmx1g) started by the bench.`,
);
const pairs: string[][] = [];
for (const i of inputs) {
  for (const g of GUARANTEES) {
    const t = rows.find((r) => r.workload === i.workload && r.guarantee === g && r.system === 'Tributary');
    const k = rows.find((r) => r.workload === i.workload && r.guarantee === g && r.system === 'Kafka Streams');
    const cell = (r: Row | undefined, f: (r: Row) => string): string => (r === undefined ? '—' : f(r));
    pairs.push([
      `${i.workload}, ${g}`,
      cell(t, (r) => fmt(r.rate)), cell(k, (r) => fmt(r.rate)), t && k ? `${fmt(t.rate / k.rate, 2)}×` : '—',
      cell(t, (r) => fmt(r.cpuPer1M, 2)), cell(k, (r) => fmt(r.cpuPer1M, 2)),
      cell(t, (r) => lat(r.latency)), cell(k, (r) => lat(r.latency)),
      cell(t, (r) => fmt(r.rss)), cell(k, (r) => fmt(r.rss)),
      [t?.note ? `T: ${t.note}` : '', k?.note ? `K: ${k.note}` : '', t === undefined ? 'T: not run' : ''].filter(Boolean).join('; '),
    ]);
  }
}
table(['workload', 'T rec/s', 'KS rec/s', 'T / KS', 'CPU s per 1M T', 'CPU s per 1M KS', 'p50 / p99 ms T', 'p50 / p99 ms KS', 'peak RSS MiB T', 'peak RSS MiB KS', 'note'], pairs);
for (const m of missing) console.log(`\n- ${m}`);
