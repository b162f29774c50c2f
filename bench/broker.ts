// Tributary's broker against Apache Kafka (KRaft, same machine, same run), driven by Kafka's own
// ProducerPerformance / ConsumerPerformance. Usage:
//   npm run bench -- broker [--repeats 2] [--records100 600000] [--records1k 120000] [--only produce|consume] [--profile] [--source]
// Prints a markdown table with Tributary / Kafka ratios. See docs/benchmarks.md, "## Broker".
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaTool, runKafkaTool } from '../test/helpers/java-tools.js';
import { startReferenceKafka, type ReferenceKafka } from '../test/helpers/reference-kafka.js';
import { runProcess } from '../test/helpers/run-process.js';
import { waitFor } from '../test/helpers/wait-for.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const RECORDS: Record<number, number> = { 100: Number(arg('records100', '600000')), 1024: Number(arg('records1k', '120000')) };
const ONLY = arg('only', '');
const REPEATS = Number(arg('repeats', '2'));
const PROFILE = args.includes('--profile');
/** Run the broker from TypeScript sources through tsx instead of the built dist (adds ~30 MiB RSS). */
const SOURCE = args.includes('--source');
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PERF_JVM = ['-Xmx512m', '-XX:+UseParallelGC'];

interface Broker {
  name: 'tributary' | 'kafka';
  bootstrap: string;
  pid: number;
  stop(): Promise<void>;
}

/** The built broker, as deployed: what `bench/broker-server.ts` does, run from the packages' dist folders. */
const BUILT_SERVER = `
const { brokerConfigFromMap, startBroker } = await import('@tributary/broker');
const [dataDir, ...overrides] = process.argv.slice(1);
const props = new Map(overrides.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const broker = await startBroker({ ...brokerConfigFromMap(props), host: '127.0.0.1', port: 0, logDir: dataDir });
process.stdout.write('LISTENING ' + broker.port + '\\n');
process.once('SIGTERM', () => void broker.close().then(() => process.exit(0)));
`;

/** Builds the broker (tsc -b) so it runs from dist like a deployment; false when the build fails. */
async function buildBroker(): Promise<boolean> {
  if (SOURCE) return false;
  const built = await runProcess('npx', ['tsc', '-b', 'packages/broker'], { cwd: ROOT, timeoutMs: 300_000 });
  if (built.code !== 0) process.stderr.write(`tsc -b packages/broker failed; running the broker from sources (tsx):\n${built.stdout.slice(-1000)}\n`);
  return built.code === 0;
}

/** Tributary's broker in its own process on a temp data dir (default durability: acks=all waits for fsync). */
async function startTributary(fromDist: boolean): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-broker-'));
  const node = fromDist ? [] : ['--conditions=@tributary/source', '--import', 'tsx'];
  if (PROFILE) node.push('--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', '.profiles')}`);
  const entry = fromDist ? ['--input-type=module', '-e', BUILT_SERVER] : [join(ROOT, 'bench', 'broker-server.ts')];
  const child: ChildProcess = spawn(process.execPath, [...node, ...entry, dir, 'group.initial.rebalance.delay.ms=0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /LISTENING (\d+)/.exec(out) ?? child.exitCode !== null, { timeoutMs: 60_000 });
  const port = /LISTENING (\d+)/.exec(out)?.[1];
  if (!port) throw new Error(`Tributary broker did not start:\n${out}`);
  return {
    name: 'tributary',
    bootstrap: `127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startKafka(): Promise<Broker> {
  const kafka: ReferenceKafka = await startReferenceKafka({ heap: '1g', properties: { 'num.partitions': 1 } });
  // The JVM is a child of a bash wrapper: find the java process serving this data dir.
  const found = await runProcess('pgrep', ['-f', `${kafka.dataDir}/server.properties`]);
  const pid = found.stdout.trim().split('\n').map(Number).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'java');
  if (pid === undefined) throw new Error('could not find the Kafka JVM');
  return { name: 'kafka', bootstrap: kafka.bootstrap, pid, stop: () => kafka.stop() };
}

/** utime + stime of a process (all threads), in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Samples VmRSS every 100 ms and the broker's CPU time over the run; VmHWM at the end. */
function rssSampler(pid: number): { stop(): { avgMiB: number; maxMiB: number; hwmMiB: number; cpuSec: number } } {
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

async function createTopic(b: Broker, topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({ clientId: 'bench', brokers: [b.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

interface Result {
  recordsPerSec: number;
  mbPerSec: number;
  p99Ms?: number;
  rssAvgMiB: number;
  rssMaxMiB: number;
  /** Broker CPU seconds per million records. */
  cpuSecPerM: number;
}

async function produce(b: Broker, topic: string, size: number, acks: string): Promise<Result> {
  const props = [`bootstrap.servers=${b.bootstrap}`, `acks=${acks}`, 'linger.ms=5', 'batch.size=65536'];
  if (acks !== 'all') props.push('enable.idempotence=false');
  const rss = rssSampler(b.pid);
  const res = await runKafkaTool(
    KafkaTool.producerPerformance,
    ['--topic', topic, '--num-records', String(RECORDS[size]), '--record-size', String(size), '--throughput', '-1', '--producer-props', ...props],
    { timeoutMs: 180_000, jvmArgs: PERF_JVM },
  );
  const mem = rss.stop();
  // "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, p95 ms 95th, p99 ms 99th, ..."
  const m = /records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\).*?, (\d+) ms 99th/.exec(res.stdout);
  if (!m) throw new Error(`ProducerPerformance on ${b.name} failed (${res.code}):\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
  const cpuSecPerM = (mem.cpuSec / RECORDS[size]!) * 1e6;
  return { recordsPerSec: Number(m[1]), mbPerSec: Number(m[2]), p99Ms: Number(m[3]), rssAvgMiB: mem.avgMiB, rssMaxMiB: mem.maxMiB, cpuSecPerM };
}

async function consume(b: Broker, topic: string, size: number): Promise<Result> {
  const rss = rssSampler(b.pid);
  const res = await runKafkaTool(
    KafkaTool.consumerPerformance,
    ['--bootstrap-server', b.bootstrap, '--topic', topic, '--messages', String(RECORDS[size]), '--timeout', '30000', '--group', `bench-${topic}`],
    { timeoutMs: 180_000, jvmArgs: PERF_JVM },
  );
  const mem = rss.stop();
  // header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const line = res.stdout.trim().split('\n').at(-1)!.split(',').map((s) => s.trim());
  if (line.length < 10 || Number(line[4]) < RECORDS[size]!) {
    throw new Error(`ConsumerPerformance on ${b.name} failed (${res.code}):\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
  }
  const cpuSecPerM = (mem.cpuSec / RECORDS[size]!) * 1e6;
  return { recordsPerSec: Number(line[9]), mbPerSec: Number(line[8]), rssAvgMiB: mem.avgMiB, rssMaxMiB: mem.maxMiB, cpuSecPerM };
}

interface Row {
  workload: string;
  /** Every repeat's result per broker; the table reports medians. */
  results: Partial<Record<Broker['name'], Result[]>>;
}

function median(results: Result[] | undefined): Result | undefined {
  if (!results || results.length === 0) return undefined;
  const mid = <K extends keyof Result>(k: K): number => {
    const xs = results.map((r) => r[k] as number).sort((a, b) => a - b);
    return xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
  };
  return {
    recordsPerSec: mid('recordsPerSec'),
    mbPerSec: mid('mbPerSec'),
    ...(results[0]!.p99Ms === undefined ? {} : { p99Ms: mid('p99Ms') }),
    rssAvgMiB: mid('rssAvgMiB'),
    rssMaxMiB: Math.max(...results.map((r) => r.rssMaxMiB)),
    cpuSecPerM: mid('cpuSecPerM'),
  };
}

function record(row: Row, name: Broker['name'], r: Result): void {
  (row.results[name] ??= []).push(r);
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number | undefined, b: number | undefined): string => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '–');

async function main(): Promise<void> {
  const t0 = Date.now();
  process.stderr.write('starting Apache Kafka and Tributary...\n');
  const fromDist = await buildBroker();
  const [kafka, tributary] = [await startKafka(), await startTributary(fromDist)];
  const brokers = [tributary, kafka];
  const rows: Row[] = [];
  try {
    let turn = 0;
    const rowFor = new Map<string, Row>();
    const row = (workload: string): Row => {
      let r = rowFor.get(workload);
      if (!r) rowFor.set(workload, (r = { workload, results: {} }));
      return r;
    };
    // Alternate which broker goes first so neither always runs warm.
    const ordered = (): Broker[] => (turn++ % 2 === 0 ? brokers : [...brokers].reverse());
    const label = (size: number, partitions: number): string => `${size === 1024 ? '1 KiB' : '100 B'}, ${partitions} partition${partitions > 1 ? 's' : ''}`;
    for (let rep = 0; rep < REPEATS; rep++) {
      for (const size of [100, 1024]) {
        for (const partitions of [1, 6]) {
          const consumeTopic = `c-${size}-${partitions}-${rep}`;
          for (const acks of ONLY === 'consume' ? [] : ['1', 'all']) {
            const r = row(`produce ${label(size, partitions)}, acks=${acks}`);
            for (const b of ordered()) {
              // The acks=1 topic is read back by the consume case.
              const topic = acks === '1' ? consumeTopic : `p-${size}-${partitions}-${acks}-${rep}`;
              await createTopic(b, topic, partitions);
              process.stderr.write(`[${rep + 1}/${REPEATS}] ${b.name}: ${r.workload}\n`);
              record(r, b.name, await produce(b, topic, size, acks));
            }
          }
          if (ONLY === 'produce') continue;
          const r = row(`consume ${label(size, partitions)}`);
          for (const b of ordered()) {
            if (ONLY === 'consume') {
              await createTopic(b, consumeTopic, partitions);
              await produce(b, consumeTopic, size, '1');
            }
            process.stderr.write(`[${rep + 1}/${REPEATS}] ${b.name}: ${r.workload}\n`);
            record(r, b.name, await consume(b, consumeTopic, size));
          }
        }
      }
    }
    rows.push(...rowFor.values());
  } finally {
    for (const b of brokers) await b.stop().catch(() => {});
  }

  const out: string[] = [];
  out.push(`Medians of ${REPEATS} alternating repeats. T = Tributary (${fromDist ? 'built dist' : 'sources via tsx'}), K = Apache Kafka; ratio = T / K.`);
  out.push('');
  out.push('| workload | T rec/s | K rec/s | ratio | T MB/s | K MB/s | p99 ms T / K | broker CPU s per 1M rec T / K | RSS avg MiB T / K | RSS ratio |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const t = median(r.results.tributary);
    const k = median(r.results.kafka);
    out.push(
      `| ${r.workload} | ${fmt(t?.recordsPerSec ?? 0)} | ${fmt(k?.recordsPerSec ?? 0)} | ${ratio(t?.recordsPerSec, k?.recordsPerSec)} | ${fmt(t?.mbPerSec ?? 0, 1)} | ${fmt(k?.mbPerSec ?? 0, 1)} | ` +
        `${t?.p99Ms ?? '–'} / ${k?.p99Ms ?? '–'} | ${fmt(t?.cpuSecPerM ?? 0, 2)} / ${fmt(k?.cpuSecPerM ?? 0, 2)} | ${fmt(t?.rssAvgMiB ?? 0)} / ${fmt(k?.rssAvgMiB ?? 0)} | ${ratio(t?.rssAvgMiB, k?.rssAvgMiB)} |`,
    );
  }
  const peak = (name: Broker['name']): number => Math.max(0, ...rows.flatMap((r) => (r.results[name] ?? []).map((x) => x.rssMaxMiB)));
  out.push('');
  out.push(`Peak RSS: Tributary ${fmt(peak('tributary'))} MiB, Kafka ${fmt(peak('kafka'))} MiB (${ratio(peak('tributary'), peak('kafka'))}). Wall time ${fmt((Date.now() - t0) / 1000)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
