// Streams S-bench 2: groupByKey().count() with a persistent (classic-level) store, record cache
// and changelog on the embedded log, against a bare loop doing a Map count + serialize over the
// same records. Usage: npm run bench -- streams-count [--records 400000] [--commit-ms 1000] [--probe-rate 2000] [--profile]
// See docs/benchmarks.md, "## Streams".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded } from '@tributary/client';
import { childNodeFlags, runChild, runTributary, REPO_ROOT } from './streams/children.js';
import { KEY_SPACE, records } from './streams/data.js';
import { createTopics, fill } from './streams/fill.js';
import { args, fmt, header, lat, table } from './streams/table.js';

const a = args();
const N = a.num('records', 400_000);
const COMMIT_MS = a.num('commit-ms', 1000);
const PROBE_RATE = a.num('probe-rate', 2000);
const SEED = 7;
if (a.flag('profile')) childNodeFlags.push('--cpu-prof', `--cpu-prof-dir=${join(REPO_ROOT, 'bench', '.profiles')}`);

const root = mkdtempSync(join(tmpdir(), 'tributary-bench-streams-count-'));
try {
  const logDir = join(root, 'log');
  const cluster = embedded({ dir: logDir, cleanerIntervalMs: 0 });
  await cluster.connect();
  await createTopics(cluster, ['events', 'counts-out']);
  await fill(cluster, 'events', records(N, SEED));
  await cluster.disconnect();

  const t = await runTributary({
    dir: logDir, stateDir: join(root, 'state'), applicationId: 'count', workload: 'count', inputs: ['events'], output: 'counts-out',
    completion: 'sum-of-latest', expect: N, guarantee: 'at_least_once', commitIntervalMs: COMMIT_MS, probes: { rate: PROBE_RATE, seconds: 3 }, idleMs: 15_000,
  });
  if (a.flag('profile')) console.log(`Tributary throughput phase: ${t.phase[0].toFixed(2)}–${t.phase[1].toFixed(2)} s after its process started`);
  const bare = await runChild<{ ms: number; peakRssMiB: number; cpuSec: number }>('bare-child', { kind: 'count', n: N, seed: SEED, repeats: 3 });

  const tRate = N / (t.ms / 1000);
  const row = (name: string, r: { ms: number; peakRssMiB: number; cpuSec: number }, latency: string, note = ''): string[] => {
    const rate = N / (r.ms / 1000);
    return [name, fmt(rate), `${fmt(tRate / rate, 2)}×`, fmt((r.cpuSec * 1e6) / N, 2), `${fmt(r.cpuSec / t.cpuSec, 2)}×`, latency, fmt(r.peakRssMiB), note];
  };
  header(
    'streams-count: groupByKey().count() into a persistent (classic-level) store with cache and changelog',
    `${fmt(N)} input records (1 partition, ${fmt(KEY_SPACE)} uniform keys, 100-byte values); at_least_once, commit.interval ${COMMIT_MS} ms, cache 10 MiB; complete when the latest output count per key sums to ${fmt(N)}; probes ${PROBE_RATE}/s for 3 s`,
  );
  table(['system', 'input records/s', 'Tributary / system (wall)', 'CPU s per 1M records', 'Tributary / system (CPU)', 'latency p50 / p99 ms', 'peak RSS MiB', 'note'], [
    row('Tributary streams, embedded log', t, lat(t.latency), t.complete ? '' : `INCOMPLETE ${t.progress}/${N}`),
    row('bare loop (Map count + serialize)', bare, '—', 'best of 3'),
  ]);
} finally {
  rmSync(root, { recursive: true, force: true });
}
