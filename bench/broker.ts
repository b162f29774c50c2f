// Tributary's broker against Apache Kafka (KRaft, same machine, same run), driven by Kafka's own
// ProducerPerformance / ConsumerPerformance (Java) and by kcat (librdkafka). Usage:
//   npm run bench -- broker [--repeats 2] [--tools java,kcat] [--records100 600000] [--records1k 120000]
//     [--kcat100 2000000] [--kcat1k 400000] [--only produce|consume] [--profile] [--source]
// Prints markdown tables with Tributary / Kafka ratios. See docs/benchmarks.md, "## Broker".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaConsume, javaProduce } from './broker/java-load.js';
import { kcatConsume, kcatProduce, recordsFile } from './broker/kcat-load.js';
import { fmt, loadAverage, machineBusy, median, ratio, type Result } from './broker/measure.js';
import { buildBroker, createTopic, deleteTopic, startKafka, startTributary, type Broker } from './broker/processes.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
type Tool = 'java' | 'kcat';
const RECORDS: Record<Tool, Record<number, number>> = {
  java: { 100: Number(arg('records100', '600000')), 1024: Number(arg('records1k', '120000')) },
  // More records for kcat: it is fast enough that a smaller run would be mostly start-up.
  kcat: { 100: Number(arg('kcat100', '2000000')), 1024: Number(arg('kcat1k', '400000')) },
};
const TOOLS = arg('tools', 'java,kcat').split(',').filter((t): t is Tool => t === 'java' || t === 'kcat');
const SIZES = arg('sizes', '100,1024').split(',').map(Number);
const PARTITIONS = arg('partitions', '1,6').split(',').map(Number);
const ONLY = arg('only', '');
const REPEATS = Number(arg('repeats', '2'));
const PROFILE = args.includes('--profile');
/** Run the broker from TypeScript sources through tsx instead of the built dist (adds ~30 MiB RSS). */
const SOURCE = args.includes('--source');
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Kafka's default flush policy (page cache, no fsync) as a Tributary topic config. */
const PAGE_CACHE = { 'flush.messages': '9223372036854775807' };

/** A broker plus the topic configs a case creates its topics with. */
interface Target {
  key: 'tributary' | 'tributary-pc' | 'kafka';
  broker: Broker;
  configs: Record<string, string>;
}

interface Row {
  tool: Tool;
  workload: string;
  /** Every repeat's result per target; the table reports medians. */
  results: Partial<Record<Target['key'], Result[]>>;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const load0 = loadAverage();
  const busyOverall = machineBusy();
  process.stderr.write('starting Apache Kafka and Tributary...\n');
  const fromDist = SOURCE ? false : await buildBroker(ROOT);
  const profileDir = PROFILE ? join(ROOT, 'bench', '.profiles') : undefined;
  const [kafka, tributary] = [await startKafka(), await startTributary(ROOT, { fromDist, ...(profileDir ? { profileDir } : {}) })];
  const filesDir = mkdtempSync(join(tmpdir(), 'tributary-bench-records-'));
  const rowFor = new Map<string, Row>();
  try {
    let turn = 0;
    const row = (tool: Tool, workload: string): Row => {
      let r = rowFor.get(`${tool} ${workload}`);
      if (!r) rowFor.set(`${tool} ${workload}`, (r = { tool, workload, results: {} }));
      return r;
    };
    // Rotate which target goes first so none always runs warm or right after another's disk flush.
    const ordered = (targets: Target[]): Target[] => {
      const k = turn++ % targets.length;
      return [...targets.slice(k), ...targets.slice(0, k)];
    };
    const T: Target = { key: 'tributary', broker: tributary, configs: {} };
    const TPC: Target = { key: 'tributary-pc', broker: tributary, configs: PAGE_CACHE };
    const K: Target = { key: 'kafka', broker: kafka, configs: {} };
    const label = (size: number, partitions: number): string => `${size === 1024 ? '1 KiB' : '100 B'}, ${partitions} partition${partitions > 1 ? 's' : ''}`;
    const measure = async (r: Row, t: Target, run: () => Promise<Result>): Promise<void> => {
      const busy = machineBusy();
      const res = await run();
      res.machineBusy = busy();
      (r.results[t.key] ??= []).push(res);
    };
    for (let rep = 0; rep < REPEATS; rep++) {
      for (const tool of TOOLS) {
        for (const size of SIZES) {
          const count = RECORDS[tool][size]!;
          const file = tool === 'kcat' ? recordsFile(filesDir, size, count) : '';
          const produce = (t: Target, topic: string, acks: '1' | 'all'): Promise<Result> =>
            tool === 'kcat' ? kcatProduce(t.broker, topic, file, count, size, acks) : javaProduce(t.broker, topic, count, size, acks);
          for (const partitions of PARTITIONS) {
            const consumeTopic = (t: Target): string => `${tool}-c-${size}-${partitions}-${rep}-${t.key}`;
            const written: Array<[Broker, string]> = [];
            for (const acks of ONLY === 'consume' ? [] : (['1', 'all'] as const)) {
              // kcat rows add Tributary with Kafka's flush policy where it differs (acks=1: no fsync at all).
              const targets = tool === 'kcat' && acks === '1' ? [T, TPC, K] : [T, K];
              for (const t of ordered(targets)) {
                const workload = `produce ${label(size, partitions)}, acks=${acks}${t.key === 'tributary-pc' ? ' (T flush.messages=∞)' : ''}`;
                const r = row(tool, workload);
                // The default acks=1 topic is read back by the consume case.
                const topic = acks === '1' ? consumeTopic(t) : `${tool}-p-${size}-${partitions}-${acks}-${rep}-${t.key}`;
                await createTopic(t.broker, topic, partitions, t.configs);
                written.push([t.broker, topic]);
                process.stderr.write(`[${rep + 1}/${REPEATS}] ${tool} ${t.key}: ${workload}\n`);
                await measure(r, t, () => produce(t, topic, acks));
                // Same Kafka figures on the page-cache row: it compares against the same run.
                if (t.key === 'kafka' && targets.includes(TPC)) {
                  const alias = row(tool, `produce ${label(size, partitions)}, acks=${acks} (T flush.messages=∞)`);
                  (alias.results.kafka ??= []).push(r.results.kafka!.at(-1)!);
                }
              }
            }
            if (ONLY !== 'produce') {
              const r = row(tool, `consume ${label(size, partitions)}`);
              for (const t of ordered([T, K])) {
                if (ONLY === 'consume') {
                  await createTopic(t.broker, consumeTopic(t), partitions);
                  written.push([t.broker, consumeTopic(t)]);
                  await produce(t, consumeTopic(t), '1');
                }
                process.stderr.write(`[${rep + 1}/${REPEATS}] ${tool} ${t.key}: ${r.workload}\n`);
                await measure(r, t, () => (tool === 'kcat' ? kcatConsume(t.broker, consumeTopic(t), count, size) : javaConsume(t.broker, consumeTopic(t), count)));
              }
            }
            for (const [b, topic] of written) await deleteTopic(b, topic);
          }
        }
      }
    }
  } finally {
    for (const b of [tributary, kafka]) await b.stop().catch(() => {});
    rmSync(filesDir, { recursive: true, force: true });
  }

  const rows = [...rowFor.values()];
  const out: string[] = [];
  out.push(`Medians of ${REPEATS} alternating repeats. T = Tributary (${fromDist ? 'built dist' : 'sources via tsx'}), K = Apache Kafka; ratio = T / K.`);
  for (const tool of TOOLS) {
    out.push('');
    out.push(tool === 'java' ? '**ProducerPerformance / ConsumerPerformance (Java):**' : '**kcat (librdkafka):**');
    out.push('');
    const extra = tool === 'java' ? 'p99 ms T / K' : 'wall s T / K | kcat CPU s per 1M rec T / K';
    out.push(`| workload | T rec/s | K rec/s | ratio | T MB/s | K MB/s | ${extra} | broker CPU s per 1M rec T / K | RSS avg MiB T / K | RSS ratio | box busy % |`);
    out.push(`|---|---:|---:|---:|---:|---:|---:|${tool === 'java' ? '' : '---:|'}---:|---:|---:|---:|`);
    for (const r of rows.filter((x) => x.tool === tool)) {
      const t = median(r.results.tributary ?? r.results['tributary-pc']);
      const k = median(r.results.kafka);
      const middle =
        tool === 'java'
          ? `${t?.p99Ms ?? '–'} / ${k?.p99Ms ?? '–'}`
          : `${fmt(t?.wallSec, 2)} / ${fmt(k?.wallSec, 2)} | ${fmt(t?.clientCpuSecPerM, 2)} / ${fmt(k?.clientCpuSecPerM, 2)}`;
      const busy = [...(r.results.tributary ?? r.results['tributary-pc'] ?? []), ...(r.results.kafka ?? [])].map((x) => x.machineBusy ?? 0);
      out.push(
        `| ${r.workload} | ${fmt(t?.recordsPerSec)} | ${fmt(k?.recordsPerSec)} | ${ratio(t?.recordsPerSec, k?.recordsPerSec)} | ${fmt(t?.mbPerSec, 1)} | ${fmt(k?.mbPerSec, 1)} | ` +
          `${middle} | ${fmt(t?.cpuSecPerM, 2)} / ${fmt(k?.cpuSecPerM, 2)} | ${fmt(t?.rssAvgMiB)} / ${fmt(k?.rssAvgMiB)} | ${ratio(t?.rssAvgMiB, k?.rssAvgMiB)} | ` +
          `${busy.length ? Math.round((100 * busy.reduce((a, b) => a + b, 0)) / busy.length) : '–'} |`,
      );
    }
  }
  const peak = (key: Target['key'], tool?: Tool): number =>
    Math.max(0, ...rows.filter((r) => !tool || r.tool === tool).flatMap((r) => (r.results[key] ?? []).map((x) => x.rssMaxMiB)));
  const peakT = Math.max(peak('tributary'), peak('tributary-pc'));
  out.push('');
  out.push(`Peak RSS: Tributary ${fmt(peakT)} MiB, Kafka ${fmt(peak('kafka'))} MiB (${ratio(peakT, peak('kafka'))}). Wall time ${fmt((Date.now() - t0) / 1000)} s.`);
  out.push(`Machine: load average ${load0} at start, ${loadAverage()} at end; CPUs ${Math.round(busyOverall() * 100)} % busy over the run.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
