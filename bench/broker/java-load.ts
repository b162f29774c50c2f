// Kafka's own ProducerPerformance / ConsumerPerformance (Java 17 clients) as the load generator.
import { KafkaTool, runKafkaTool } from '../../test/helpers/java-tools.js';
import { rssSampler, type Result } from './measure.js';
import type { Broker } from './processes.js';

const PERF_JVM = ['-Xmx512m', '-XX:+UseParallelGC'];

export async function javaProduce(b: Broker, topic: string, count: number, size: number, acks: '1' | 'all'): Promise<Result> {
  const props = [`bootstrap.servers=${b.bootstrap}`, `acks=${acks}`, 'linger.ms=5', 'batch.size=65536'];
  if (acks !== 'all') props.push('enable.idempotence=false');
  const rss = rssSampler(b.pid);
  const res = await runKafkaTool(
    KafkaTool.producerPerformance,
    ['--topic', topic, '--num-records', String(count), '--record-size', String(size), '--throughput', '-1', '--producer-props', ...props],
    { timeoutMs: 180_000, jvmArgs: PERF_JVM },
  );
  const mem = rss.stop();
  // "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, p95 ms 95th, p99 ms 99th, ..."
  const m = /records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\).*?, (\d+) ms 99th/.exec(res.stdout);
  if (!m) throw new Error(`ProducerPerformance on ${b.name} failed (${res.code}):\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
  const cpuSecPerM = (mem.cpuSec / count) * 1e6;
  return { recordsPerSec: Number(m[1]), mbPerSec: Number(m[2]), p99Ms: Number(m[3]), rssAvgMiB: mem.avgMiB, rssMaxMiB: mem.maxMiB, cpuSecPerM };
}

export async function javaConsume(b: Broker, topic: string, count: number): Promise<Result> {
  const rss = rssSampler(b.pid);
  const res = await runKafkaTool(
    KafkaTool.consumerPerformance,
    ['--bootstrap-server', b.bootstrap, '--topic', topic, '--messages', String(count), '--timeout', '30000', '--group', `bench-${topic}`],
    { timeoutMs: 180_000, jvmArgs: PERF_JVM },
  );
  const mem = rss.stop();
  // header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const line = res.stdout.trim().split('\n').at(-1)!.split(',').map((s) => s.trim());
  if (line.length < 10 || Number(line[4]) < count) {
    throw new Error(`ConsumerPerformance on ${b.name} failed (${res.code}):\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
  }
  const cpuSecPerM = (mem.cpuSec / count) * 1e6;
  return { recordsPerSec: Number(line[9]), mbPerSec: Number(line[8]), rssAvgMiB: mem.avgMiB, rssMaxMiB: mem.maxMiB, cpuSecPerM };
}
