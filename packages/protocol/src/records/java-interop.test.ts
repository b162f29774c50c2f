import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initCompression } from '../compression/compression-codecs.js';
import type { CompressionType } from '../compression/compression-type.js';
import { iterateBatches } from './batch-iterator.js';
import { encodeControlBatch, readControlCoordinatorEpoch, readControlRecordType } from './control-records.js';
import { decodeRecordBatch } from './record-batch-decoder.js';
import { encodeRecordBatch } from './record-batch-encoder.js';
import type { DecodedRecord, EncodeBatchOptions, RecordInput } from './record-types.js';

// Kafka's Java client (kafka-clients 3.9.2 and the codec jars it depends on) as the reference
// reader/writer of record batches. Jars come from TRIBUTARY_KAFKA_CLIENTS_CLASSPATH, else
// test/reference/lib (filled by .ci/setup-10-kafka.sh), else the local Maven repository.
const HERE = dirname(fileURLToPath(import.meta.url));
const REFERENCE_LIB = join(HERE, '..', '..', '..', '..', 'test', 'reference', 'lib');
const M2 = join(homedir(), '.m2', 'repository');
const JARS = [
  'org/apache/kafka/kafka-clients/3.9.2/kafka-clients-3.9.2.jar',
  'com/github/luben/zstd-jni/1.5.6-4/zstd-jni-1.5.6-4.jar',
  'at/yawk/lz4/lz4-java/1.10.1/lz4-java-1.10.1.jar',
  'org/xerial/snappy/snappy-java/1.1.10.5/snappy-java-1.1.10.5.jar',
  'org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar',
].map((p) => join(M2, p));
function findClasspath(): string | undefined {
  if (process.env.TRIBUTARY_KAFKA_CLIENTS_CLASSPATH) return process.env.TRIBUTARY_KAFKA_CLIENTS_CLASSPATH;
  if (existsSync(REFERENCE_LIB) && readdirSync(REFERENCE_LIB).some((f) => /^kafka-clients-.*\.jar$/.test(f))) {
    return join(REFERENCE_LIB, '*');
  }
  return JARS.every((j) => existsSync(j)) ? JARS.join(':') : undefined;
}
const classpath = findClasspath();
const INSTALL_HINT =
  'needs java 17 and kafka-clients 3.9.2 jars: run .ci/setup-10-kafka.sh (fills test/reference/lib) or set TRIBUTARY_KAFKA_CLIENTS_CLASSPATH';
const available = classpath !== undefined;
const CHECKER = join(HERE, 'java-interop', 'RecordBatchCheck.java');
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

interface JavaRecord {
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
  controlType?: string;
  coordinatorEpoch?: number;
}
interface JavaBatch {
  baseOffset: number;
  lastOffset: number;
  partitionLeaderEpoch: number;
  compression: number;
  transactional: boolean;
  control: boolean;
  timestampType: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  count: number;
  records: JavaRecord[];
}

const bytes = fc.uint8Array({ maxLength: 50 }).map((a) => Buffer.from(a));
const recordArb: fc.Arbitrary<RecordInput> = fc.record({
  key: fc.option(bytes),
  value: fc.option(bytes),
  timestamp: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 8 }), value: fc.option(bytes) }), { maxLength: 3 }),
});
// Kafka's builder insists on a coherent producer state: none at all, or idempotent/transactional.
const producerArb = fc.oneof(
  fc.constant({ producerId: -1, producerEpoch: -1, baseSequence: -1, transactional: false }),
  fc.record({
    producerId: fc.nat({ max: 2 ** 50 }),
    producerEpoch: fc.nat({ max: 32767 }),
    baseSequence: fc.nat({ max: 2 ** 30 }),
    transactional: fc.boolean(),
  }),
);
const optionsArb = fc
  .tuple(
    fc.record({
      baseOffset: fc.nat({ max: 2 ** 50 }),
      partitionLeaderEpoch: fc.integer({ min: -1, max: 1000 }),
      compression: fc.constantFrom(...CODECS),
    }),
    producerArb,
  )
  .map(([a, b]): EncodeBatchOptions => ({ ...a, ...b }));

type Batch = [RecordInput[], EncodeBatchOptions];
const big = Buffer.alloc(200_000);
for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 97; // spans several snappy/lz4 blocks
const batches: Batch[] = [
  ...fc.sample(fc.tuple(fc.array(recordArb, { minLength: 1, maxLength: 10 }), optionsArb), { seed: 20240611, numRuns: 25 }),
  ...CODECS.map((compression): Batch => [[{ key: Buffer.from('big'), value: big, timestamp: 5 }], { compression, baseOffset: 9 }]),
];
const hexOrNull = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));
const run = promisify(execFile);
const asHex = (r: DecodedRecord) => ({
  ...r,
  key: hexOrNull(r.key),
  value: hexOrNull(r.value),
  headers: r.headers.map((h) => ({ key: h.key, value: hexOrNull(h.value) })),
});

describe.skipIf(!available && !process.env.CI)(`interop with Kafka's Java record classes (${available ? 'kafka-clients' : INSTALL_HINT})`, () => {
  let dir: string;
  let javaLines: JavaBatch[];
  let javaOut: Buffer;

  beforeAll(async () => {
    if (!available) throw new Error(`Java interop unavailable in CI: ${INSTALL_HINT}`);
    await initCompression();
    dir = mkdtempSync(join(tmpdir(), 'tributary-java-'));
    const input = Buffer.concat([
      ...batches.map(([records, opts]) => encodeRecordBatch(records, opts)),
      encodeControlBatch('commit', { producerId: 11, producerEpoch: 2, coordinatorEpoch: 7, timestamp: 1000, baseOffset: 500 }),
      encodeControlBatch('abort', { producerId: 12, producerEpoch: 3, timestamp: 2000, baseOffset: 501 }),
    ]);
    writeFileSync(join(dir, 'in.bin'), input);
    const { stdout } = await run('java', ['-cp', classpath!, CHECKER, join(dir, 'in.bin'), join(dir, 'out.bin'), CODECS.join(',')], {
      timeout: 90_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    javaLines = stdout.trim().split('\n').map((l) => JSON.parse(l) as JavaBatch);
    javaOut = readFileSync(join(dir, 'out.bin'));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Kafka validates (CRC, sizes) and reads every batch we encode, all codecs (oracle: our encoder inputs)', () => {
    expect(javaLines.length).toBe(batches.length + 2);
    batches.forEach(([records, opts], i) => {
      const j = javaLines[i]!;
      expect(j).toMatchObject({
        baseOffset: opts.baseOffset,
        lastOffset: opts.baseOffset! + records.length - 1,
        partitionLeaderEpoch: opts.partitionLeaderEpoch ?? -1,
        compression: CODECS.indexOf(opts.compression!),
        transactional: opts.transactional ?? false,
        control: false,
        timestampType: 0,
        maxTimestamp: Math.max(...records.map((r) => r.timestamp!)),
        producerId: opts.producerId ?? -1,
        producerEpoch: opts.producerEpoch ?? -1,
        baseSequence: opts.baseSequence ?? -1,
        count: records.length,
      });
      expect(j.records).toEqual(
        records.map((r, k) => ({
          offset: opts.baseOffset! + k,
          timestamp: r.timestamp,
          key: hexOrNull(r.key),
          value: hexOrNull(r.value),
          headers: (r.headers ?? []).map((h) => [Buffer.from(h.key).toString('hex'), hexOrNull(h.value)]),
        })),
      );
    });
    const [commit, abort] = javaLines.slice(batches.length);
    expect(commit).toMatchObject({ control: true, transactional: true, producerId: 11, producerEpoch: 2, baseSequence: -1, baseOffset: 500 });
    expect(commit!.records).toMatchObject([{ controlType: 'COMMIT', coordinatorEpoch: 7, timestamp: 1000, offset: 500 }]);
    expect(abort!.records).toMatchObject([{ controlType: 'ABORT', coordinatorEpoch: 0, offset: 501 }]);
  });

  it('we decode what Kafka encodes with every codec, and match its uncompressed bytes exactly (oracle: original records)', () => {
    const found = [...iterateBatches(javaOut)];
    expect(found.length).toBe(batches.length * CODECS.length + 1);
    batches.forEach(([records, opts], i) => {
      CODECS.forEach((codec, c) => {
        const { pos, size } = found[i * CODECS.length + c]!;
        const { header, records: decoded } = decodeRecordBatch(javaOut, pos);
        expect(header.attributes & 7).toBe(c);
        // Compared as hex: deep-equality on 200 KB Buffers is very slow in vitest.
        expect(decoded.map(asHex)).toEqual(
          records.map((r, k) => asHex({ offset: opts.baseOffset! + k, timestamp: r.timestamp!, key: r.key, value: r.value, headers: r.headers ?? [] })),
        );
        if (codec === 'none') {
          const ours = encodeRecordBatch(records, { ...opts, compression: 'none' });
          expect(ours.toString('hex')).toBe(javaOut.subarray(pos, pos + size).toString('hex'));
        }
      });
    });
    const marker = found[found.length - 1]!;
    const javaMarker = javaOut.subarray(marker.pos, marker.pos + marker.size);
    const { header, records } = decodeRecordBatch(javaMarker);
    expect(header).toMatchObject({ attributes: 0x30, producerId: 4242, producerEpoch: 5, partitionLeaderEpoch: 3, baseOffset: 77 });
    expect(readControlRecordType(records[0]!)).toBe('commit');
    expect(readControlCoordinatorEpoch(records[0]!)).toBe(9);
    const ours = encodeControlBatch('commit', {
      producerId: 4242,
      producerEpoch: 5,
      coordinatorEpoch: 9,
      timestamp: 1234,
      baseOffset: 77,
      partitionLeaderEpoch: 3,
    });
    expect(ours.toString('hex')).toBe(javaMarker.toString('hex'));
  });
});
