// kcat (librdkafka's CLI) as a light load generator: produces a pre-generated file of records
// and consumes to /dev/null, so the C client leaves the brokers most of the two cores that the
// Java ProducerPerformance/ConsumerPerformance JVMs take for themselves.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../test/helpers/wait-for.js';
import { rssSampler, type Result } from './measure.js';
import { recordCount, type Broker } from './processes.js';

/**
 * Client settings, identical for both brokers. linger.ms matches the Java rows; batches up to
 * 10,000 records or 1 MB (librdkafka's defaults, under both brokers' message.max.bytes); a queue
 * large enough that reading the file never waits on delivery reports for long.
 */
export const KCAT_PRODUCER_SETTINGS = [
  'linger.ms=5',
  'batch.num.messages=10000',
  'batch.size=1000000',
  'queue.buffering.max.messages=1000000',
  'queue.buffering.max.kbytes=1048576',
];

/** `count` lines of `size` pseudo-random A–Z bytes (kcat -l sends one record per line, no key). */
export function recordsFile(dir: string, size: number, count: number): string {
  const path = join(dir, `records-${size}-${count}.txt`);
  if (existsSync(path) && statSync(path).size === (size + 1) * count) return path;
  const perChunk = 1000;
  const chunk = Buffer.alloc((size + 1) * perChunk);
  let x = 0x9e3779b9;
  const fd = openSync(path, 'w');
  try {
    for (let done = 0; done < count; done += perChunk) {
      for (let i = 0; i < perChunk; i++) {
        const at = i * (size + 1);
        for (let j = 0; j < size; j++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          chunk[at + j] = 65 + ((x >>> 0) % 26);
        }
        chunk[at + size] = 10;
      }
      writeSync(fd, chunk, 0, Math.min(perChunk, count - done) * (size + 1));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

interface KcatRun {
  code: number | null;
  stderr: string;
  wallSec: number;
  cpuSec: number;
}

/** Runs kcat under /usr/bin/time (for its CPU seconds) with stdout to /dev/null. */
function runKcat(args: readonly string[], timeoutMs: number): Promise<KcatRun> {
  const devNull = openSync('/dev/null', 'w');
  const t0 = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', 'KCAT_TIME %U %S', 'kcat', ...args], { stdio: ['ignore', devNull, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      closeSync(devNull);
      const wallSec = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /KCAT_TIME ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({ code, stderr, wallSec, cpuSec: m ? Number(m[1]) + Number(m[2]) : 0 });
    });
  });
}

function result(b: Broker, run: KcatRun, usage: ReturnType<ReturnType<typeof rssSampler>['stop']>, count: number, size: number): Result {
  return {
    recordsPerSec: count / run.wallSec,
    mbPerSec: (count * size) / 2 ** 20 / run.wallSec,
    wallSec: run.wallSec,
    clientCpuSecPerM: (run.cpuSec / count) * 1e6,
    rssAvgMiB: usage.avgMiB,
    rssMaxMiB: usage.maxMiB,
    cpuSecPerM: (usage.cpuSec / count) * 1e6,
  };
}

/** Produces every line of `file` with the given acks; wall time covers start to the last delivery report. */
export async function kcatProduce(b: Broker, topic: string, file: string, count: number, size: number, acks: '1' | 'all'): Promise<Result> {
  const settings = [...KCAT_PRODUCER_SETTINGS, `acks=${acks}`];
  // Like the Java rows: acks=all with the idempotent producer, acks=1 without.
  if (acks === 'all') settings.push('enable.idempotence=true');
  const rss = rssSampler(b.pid);
  const run = await runKcat(['-P', '-b', b.bootstrap, '-t', topic, '-l', ...settings.flatMap((s) => ['-X', s]), file], 300_000);
  const usage = rss.stop();
  if (run.code !== 0) throw new Error(`kcat -P on ${b.name} failed (${run.code}):\n${run.stderr.slice(-2000)}`);
  // Delivery reports came back for everything; the count checks none was lost or duplicated
  // (Tributary's high watermark follows the fsync after an acks=1 write, hence the wait).
  let n = 0;
  await waitFor(async () => (n = await recordCount(b, topic)) >= count, { timeoutMs: 30_000 }).catch(() => {});
  if (n !== count) throw new Error(`kcat -P on ${b.name}: topic ${topic} holds ${n} records, expected ${count}`);
  return result(b, run, usage, count, size);
}

/** Reads the topic from the beginning to its end (no group) with output to /dev/null. */
export async function kcatConsume(b: Broker, topic: string, count: number, size: number): Promise<Result> {
  const rss = rssSampler(b.pid);
  const run = await runKcat(['-C', '-b', b.bootstrap, '-t', topic, '-o', 'beginning', '-e'], 300_000);
  const usage = rss.stop();
  // Without -q kcat reports each partition's end: "Reached end of topic T [p] at offset N".
  let seen = 0;
  for (const m of run.stderr.matchAll(/Reached end of topic \S+ \[\d+\] at offset (\d+)/g)) seen += Number(m[1]);
  if (run.code !== 0 || seen !== count) throw new Error(`kcat -C on ${b.name} read to offsets summing ${seen}, expected ${count} (${run.code}):\n${run.stderr.slice(-2000)}`);
  return result(b, run, usage, count, size);
}
