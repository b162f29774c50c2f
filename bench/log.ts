// @tributary/log throughput against the physical reference measured in the same run.
// Usage: npm run bench -- log [--mib 64] [--repeats 5] [--dir /path]   (prints a markdown table)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Log } from '@tributary/log';
import { encodeRecordBatch } from '@tributary/protocol';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const TOTAL_BYTES = Number(arg('mib', '64')) * 1024 * 1024;
const ROOT = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'tributary-bench-log-'));
const RECORDS_PER_BATCH = 100;
const APPENDERS = 4;
const MiB = 1024 * 1024;

interface Row {
  case: string;
  records: number;
  seconds: number;
  bytes: number;
  reference?: number; // records/s of the reference
}
const rows: Row[] = [];
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const rssTimer = setInterval(sampleRss, 100);

/** Distinct batch buffers (appends rewrite offsets in place, so they must not be shared). */
function makeBatches(valueSize: number): Buffer[] {
  const value = Buffer.alloc(valueSize, 'v');
  const template = encodeRecordBatch(
    Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({ key: Buffer.from(`key-${i}`), value, timestamp: 1_700_000_000_000 + i })),
  );
  const count = Math.max(8, Math.floor(TOTAL_BYTES / template.length));
  return Array.from({ length: count }, () => Buffer.from(template));
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  sampleRss();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Plain sequential positional writes of the same buffers; optionally one fdatasync per group. */
async function referenceWrite(batches: Buffer[], group: number, sync: boolean): Promise<number> {
  const file = path.join(ROOT, `ref-${Math.random().toString(36).slice(2)}`);
  const fh = await fs.promises.open(file, 'w');
  let pos = 0;
  const secs = await timed(async () => {
    for (let i = 0; i < batches.length; i += group) {
      const slice = batches.slice(i, i + group);
      const { bytesWritten } = await fh.writev(slice, pos);
      pos += bytesWritten;
      if (sync) await fh.datasync();
    }
  });
  await fh.close();
  fs.rmSync(file);
  return secs;
}

async function appendAll(log: Log, topic: string, batches: Buffer[], appenders: number): Promise<number> {
  const p = log.partition(topic, 0);
  let next = 0;
  return timed(async () => {
    await Promise.all(
      Array.from({ length: appenders }, async () => {
        while (next < batches.length) await p.append(batches[next++]!);
      }),
    );
  });
}

async function readAll(log: Log, topic: string): Promise<{ secs: number; bytes: number }> {
  const p = log.partition(topic, 0);
  let bytes = 0;
  const secs = await timed(async () => {
    let offset = 0;
    while (offset < p.highWatermark) {
      const { batches } = await p.read(offset, { maxBytes: MiB });
      bytes += batches.length;
      // Next offset: lastOffset of the last batch + 1 (walk the headers, no decoding).
      let at = 0;
      let last = offset;
      while (at < batches.length) {
        last = batches.readInt32BE(at) * 2 ** 32 + batches.readUInt32BE(at + 4) + batches.readInt32BE(at + 23);
        at += 12 + batches.readInt32BE(at + 8);
      }
      offset = last + 1;
    }
  });
  return { secs, bytes };
}

async function plainRead(file: string): Promise<number> {
  const fh = await fs.promises.open(file, 'r');
  const size = (await fh.stat()).size;
  const secs = await timed(async () => {
    for (let pos = 0; pos < size; pos += MiB) {
      const buf = Buffer.allocUnsafe(MiB);
      await fh.read(buf, 0, MiB, pos);
    }
  });
  await fh.close();
  return secs;
}

const REPEATS = Number(arg('repeats', '5'));

/** Median of REPEATS samples, alternating reference and log so drift hits both alike. */
async function medianPair(ref: () => Promise<number>, ours: () => Promise<number>): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    a.push(await ref());
    b.push(await ours());
  }
  const median = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(a), median(b)];
}

async function scenario(label: string, valueSize: number): Promise<void> {
  const batches = makeBatches(valueSize);
  const bytes = batches.reduce((n, b) => n + b.length, 0);
  const records = batches.length * RECORDS_PER_BATCH;
  const log = await Log.open({ dir: path.join(ROOT, label), cleanerIntervalMs: 0 });
  let topics = 0;
  const freshTopic = async (configs: Record<string, number>): Promise<string> => {
    const name = `t${topics++}`;
    await log.createTopic(name, { configs: { 'segment.bytes': 512 * MiB, ...configs } });
    return name;
  };

  // 1. No fsync: ack after write() to the page cache, one appender awaiting each append.
  let lastNoSync = '';
  const [refWrite, noSync] = await medianPair(
    () => referenceWrite(batches, 1, false),
    async () => appendAll(log, (lastNoSync = await freshTopic({ 'flush.messages': 2 ** 40 })), batches, 1),
  );
  rows.push({ case: `${label} append, no fsync (1 appender)`, records, seconds: noSync, bytes, reference: records / refWrite });
  const [refWrite4, noSync4] = await medianPair(
    () => referenceWrite(batches, 1, false),
    async () => appendAll(log, await freshTopic({ 'flush.messages': 2 ** 40 }), batches, APPENDERS),
  );
  rows.push({ case: `${label} append, no fsync (${APPENDERS} appenders)`, records, seconds: noSync4, bytes, reference: records / refWrite4 });

  // 2. Group commit (default): APPENDERS concurrent appenders share fdatasyncs; the reference
  //    writes the same bytes in groups of APPENDERS batches with one fdatasync per group.
  const gcBatches = batches.slice(0, Math.min(batches.length, 2_000));
  const gcRecords = gcBatches.length * RECORDS_PER_BATCH;
  const gcBytes = gcBatches.reduce((n, b) => n + b.length, 0);
  const [refSync, gc] = await medianPair(
    () => referenceWrite(gcBatches, APPENDERS, true),
    async () => appendAll(log, await freshTopic({}), gcBatches, APPENDERS),
  );
  rows.push({ case: `${label} append, group commit (${APPENDERS} appenders)`, records: gcRecords, seconds: gc, bytes: gcBytes, reference: gcRecords / refSync });

  // 3. Reads of what (1) wrote, from the page cache, 1 MiB per read; reference: plain 1 MiB reads.
  const file = path.join(ROOT, label, 'topics', lastNoSync, '0', '00000000000000000000.log');
  let readBytes = 0;
  const [plain, read] = await medianPair(
    () => plainRead(file),
    async () => {
      const r = await readAll(log, lastNoSync);
      readBytes = r.bytes;
      return r.secs;
    },
  );
  rows.push({ case: `${label} read, 1 MiB fetches`, records, seconds: read, bytes: readBytes, reference: records / plain });
  await log.close();
}

try {
  await scenario('100 B', 100);
  await scenario('1 KiB', 1024);
} finally {
  clearInterval(rssTimer);
  fs.rmSync(ROOT, { recursive: true, force: true });
}

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`\n@tributary/log, node ${process.version}, ${os.cpus().length} cpus, ${RECORDS_PER_BATCH} records/batch, ${fmt(TOTAL_BYTES / MiB)} MiB per no-fsync case, median of ${REPEATS}\n`);
console.log('| case | records/s | MB/s | reference records/s | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  const rps = r.records / r.seconds;
  const ratio = r.reference ? rps / r.reference : NaN;
  console.log(`| ${r.case} | ${fmt(rps)} | ${fmt(r.bytes / MiB / r.seconds, 1)} | ${r.reference ? fmt(r.reference) : '—'} | ${Number.isNaN(ratio) ? '—' : `${fmt(ratio, 2)}×`} |`);
}
console.log(`\npeak RSS ${fmt(peakRss / MiB)} MiB (sampled every 100 ms; includes the pre-encoded input batches)`);
