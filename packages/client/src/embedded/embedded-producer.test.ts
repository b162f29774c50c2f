import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { LogNode } from '@tributary/log';
import { decodeRecordBatch, iterateBatches } from '@tributary/protocol';
import type { RecordBatchHeader } from '@tributary/protocol';
import { RecordTooLargeError } from '../errors/client-errors.js';
import type { ProducerOptions } from '../producer/producer.js';
import type { ProducerRecord } from '../records/record.js';
import { embedded } from './embedded-cluster.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(configs: Record<string, string> = {}, options: ProducerOptions = {}) {
  const node = await LogNode.open({ inMemory: true, cleanerIntervalMs: 0 });
  cleanups.push(() => node.close());
  const cluster = embedded(node);
  await cluster.connect();
  cleanups.push(() => cluster.disconnect());
  await cluster.admin.createTopics([{ name: 't', partitions: 1, configs }]);
  const producer = cluster.producer(options);
  await producer.connect();
  return { node, cluster, producer };
}

/** Every stored batch of t-0 with its size and decoded record values. */
async function stored(node: LogNode): Promise<{ header: RecordBatchHeader; size: number; values: string[] }[]> {
  const out: { header: RecordBatchHeader; size: number; values: string[] }[] = [];
  for (let offset = 0; offset < node.offsets('t', 0).highWatermark; ) {
    const { batches } = await node.fetch('t', 0, offset, { maxBytes: 64 * 1024 * 1024 });
    for (const { pos, size, header } of iterateBatches(batches)) {
      if (header.baseOffset < offset) continue;
      out.push({ header, size, values: decodeRecordBatch(batches, pos).records.map((r) => r.value?.toString('latin1') ?? '') });
      offset = header.baseOffset + header.lastOffsetDelta + 1;
    }
  }
  return out;
}

const record = (i: number, bytes: number): ProducerRecord => ({ key: null, value: Buffer.from(`${i}:`.padEnd(bytes, 'x'), 'latin1') });

describe('embedded producer batching', () => {
  it('splits a send larger than max.message.bytes into batches, with consecutive sequences', async () => {
    const { node, producer } = await setup();
    const records = Array.from({ length: 1100 }, (_, i) => record(i, 1_000));
    const [result] = await producer.send('t', records);
    expect(result?.baseOffset).toBe(0);
    const batches = await stored(node);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.size).toBeLessThanOrEqual(1024 * 1024);
    expect(batches.flatMap((b) => b.values)).toEqual(records.map((r) => r.value!.toString('latin1')));
    let sequence = 0;
    for (const { header } of batches) {
      expect(header.producerId).toBeGreaterThanOrEqual(0);
      expect(header.baseSequence).toBe(sequence);
      sequence += header.recordCount;
    }
    // The session's next sequence follows on: another send is accepted, not out of order.
    await producer.send('t', [record(1100, 10)]);
    expect(node.offsets('t', 0).highWatermark).toBe(1101);
  });

  it('honours batchSizeBytes and the topic max.message.bytes, whichever is smaller', async () => {
    const small = await setup({}, { batchSizeBytes: 16_384 });
    await small.producer.send('t', Array.from({ length: 100 }, (_, i) => record(i, 1_000)));
    const a = await stored(small.node);
    expect(a.length).toBeGreaterThanOrEqual(7);
    for (const b of a) expect(b.size).toBeLessThanOrEqual(16_384);

    const capped = await setup({ 'max.message.bytes': '5000' }, { batchSizeBytes: 1_000_000 });
    await capped.producer.send('t', Array.from({ length: 30 }, (_, i) => record(i, 1_000)));
    const b = await stored(capped.node);
    expect(b.length).toBeGreaterThanOrEqual(6);
    for (const x of b) expect(x.size).toBeLessThanOrEqual(5_000);
    expect(b.flatMap((x) => x.values)).toHaveLength(30);
  });

  it('gives a record bigger than batchSizeBytes (but within max.message.bytes) a batch of its own', async () => {
    const { node, producer } = await setup({}, { batchSizeBytes: 1_000 });
    await producer.send('t', [record(0, 100), record(1, 5_000), record(2, 100)]);
    expect((await stored(node)).map((b) => b.values.length)).toEqual([1, 1, 1]);
  });

  it('fails a send holding a record too large for max.message.bytes with RecordTooLargeError, writing nothing', async () => {
    const { node, producer } = await setup({ 'max.message.bytes': '2000' });
    const error = await producer.send('t', [record(0, 10), record(1, 3_000)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect((error as RecordTooLargeError).code).toBe('RECORD_TOO_LARGE');
    expect(node.offsets('t', 0).highWatermark).toBe(0);
    // Sequences were not consumed by the rejected send.
    await producer.send('t', [record(2, 10)]);
    expect((await stored(node)).map((b) => b.header.baseSequence)).toEqual([0]);
  });

  it('with compression, accepts a big record that compresses under the limit and rejects one that does not', async () => {
    const { node, producer } = await setup({ 'max.message.bytes': '4000' }, { compression: 'gzip' });
    await producer.send('t', [record(0, 20_000)]);
    expect(node.offsets('t', 0).highWatermark).toBe(1);
    const noise = randomBytes(8_000);
    await expect(producer.send('t', [{ key: null, value: noise }])).rejects.toBeInstanceOf(RecordTooLargeError);
    // Two incompressible records filling exactly 4000 uncompressed bytes: gzip grows them past
    // the limit, so the run is halved into one batch each.
    const pair = [noise.subarray(0, 1_960), noise.subarray(2_000, 3_961)].map((value) => ({ key: null, value, timestamp: 1 }));
    await producer.send('t', pair);
    const batches = await stored(node);
    expect(batches.map((b) => b.values.length)).toEqual([1, 1, 1]);
    expect(batches.slice(1).map((b) => b.values[0])).toEqual(pair.map((p) => p.value.toString('latin1')));
    for (const b of batches) expect(b.size).toBeLessThanOrEqual(4_000);
  });

  it('splits transactional sends too, and the transaction commits them all', async () => {
    const { node, cluster } = await setup({}, {});
    const producer = cluster.producer({ transactionalId: 'tx', batchSizeBytes: 8_192 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send('t', Array.from({ length: 50 }, (_, i) => record(i, 1_000)));
    await txn.commit();
    const batches = await stored(node);
    const data = batches.filter((b) => (b.header.attributes & 0x20) === 0);
    expect(data.length).toBeGreaterThanOrEqual(7);
    expect(data.flatMap((b) => b.values)).toHaveLength(50);
    expect((await cluster.admin.listOffsets([{ topic: 't', partition: 0, spec: 'latest' }], { isolationLevel: 'read_committed' }))[0]?.offset).toBe(51);
  });

  it('property (oracle: the input list): stored records equal the sent ones, batches fit the limit, sequences are contiguous', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(3_000), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 200, max: 20_000 }),
        async (sizes, batchSizeBytes) => {
          const { node, producer } = await setup({}, { batchSizeBytes });
          const records = sizes.map((s, i) => record(i, s));
          await producer.send('t', records);
          const batches = await stored(node);
          expect(batches.flatMap((b) => b.values)).toEqual(records.map((r) => r.value!.toString('latin1')));
          let sequence = 0;
          for (const b of batches) {
            if (b.values.length > 1) expect(b.size).toBeLessThanOrEqual(batchSizeBytes);
            expect(b.header.baseSequence).toBe(sequence);
            sequence += b.header.recordCount;
          }
          for (const c of cleanups.splice(0).reverse()) await c();
        },
      ),
      { numRuns: 25 },
    );
  });
});
