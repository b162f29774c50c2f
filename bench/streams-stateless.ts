// Streams S-bench 1: filter + mapValues over 100-byte JSON records on the embedded log, against
// (a) a bare loop doing the same parse → filter → map → serialize over the same records, and
// (b) a hand-written kafkajs consume → transform → produce loop against Tributary's broker.
// Usage: npm run bench -- streams-stateless [--records 400000] [--commit-ms 1000] [--probe-rate 2000] [--no-kafkajs] [--profile]
// See docs/benchmarks.md, "## Streams".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded } from '@tributary/client';
import { childNodeFlags, runChild, runTributary, REPO_ROOT } from './streams/children.js';
import { expectedStateless, records } from './streams/data.js';
import { createTopics, fill } from './streams/fill.js';
import { args, fmt, header, lat, table } from './streams/table.js';
import { startTributaryBroker } from './streams/tributary-broker.js';

const a = args();
const N = a.num('records', 400_000);
const COMMIT_MS = a.num('commit-ms', 1000);
const PROBE_RATE = a.num('probe-rate', 2000);
const SEED = 42;
if (a.flag('profile')) childNodeFlags.push('--cpu-prof', `--cpu-prof-dir=${join(REPO_ROOT, 'bench', '.profiles')}`);

const root = mkdtempSync(join(tmpdir(), 'tributary-bench-streams-stateless-'));
try {
  const input = records(N, SEED);
  const expect = expectedStateless(input);
  const logDir = join(root, 'log');
  const cluster = embedded({ dir: logDir, cleanerIntervalMs: 0 });
  await cluster.connect();
  await createTopics(cluster, ['events', 'out']);
  await fill(cluster, 'events', input);
  await cluster.disconnect();

  const t = await runTributary({
    dir: logDir, stateDir: join(root, 'state'), applicationId: 'stateless', workload: 'stateless', inputs: ['events'], output: 'out',
    completion: 'records', expect, guarantee: 'at_least_once', commitIntervalMs: COMMIT_MS, probes: { rate: PROBE_RATE, seconds: 3 }, idleMs: 15_000,
  });
  if (a.flag('profile')) console.log(`Tributary throughput phase: ${t.phase[0].toFixed(2)}–${t.phase[1].toFixed(2)} s after its process started`);
  const bare = await runChild<{ ms: number; peakRssMiB: number; cpuSec: number }>('bare-child', { kind: 'stateless', n: N, seed: SEED, repeats: 3 });
  let loop: { ms: number; peakRssMiB: number; cpuSec: number } | null = null;
  if (!a.flag('no-kafkajs')) {
    const broker = await startTributaryBroker();
    try {
      loop = await runChild('kafkajs-child', { bootstrap: broker.bootstrap, n: N, seed: SEED, input: 'events', output: 'out' });
    } finally {
      await broker.stop();
    }
  }

  const tRate = N / (t.ms / 1000);
  const row = (name: string, r: { ms: number; peakRssMiB: number; cpuSec: number }, latency: string, note = ''): string[] => {
    const rate = N / (r.ms / 1000);
    return [name, fmt(rate), `${fmt(tRate / rate, 2)}×`, fmt((r.cpuSec * 1e6) / N, 2), `${fmt(r.cpuSec / t.cpuSec, 2)}×`, latency, fmt(r.peakRssMiB), note];
  };
  header(
    'streams-stateless: filter(kind == "buy") + mapValues(project) on 100-byte JSON records',
    `${fmt(N)} input records (1 partition), ${fmt(expect)} pass the filter; Tributary at_least_once, commit.interval ${COMMIT_MS} ms, probes ${PROBE_RATE}/s for 3 s`,
  );
  table(['system', 'input records/s', 'Tributary / system (wall)', 'CPU s per 1M records', 'Tributary / system (CPU)', 'latency p50 / p99 ms', 'peak RSS MiB', 'note'], [
    row('Tributary streams, embedded log', t, lat(t.latency), t.complete ? '' : `INCOMPLETE ${t.progress}/${expect}`),
    row('bare loop (same process, in memory)', bare, '—', 'best of 3'),
    ...(loop === null ? [] : [row('kafkajs loop → Tributary broker', loop, '—', 'broker in its own process')]),
  ]);
} finally {
  rmSync(root, { recursive: true, force: true });
}
