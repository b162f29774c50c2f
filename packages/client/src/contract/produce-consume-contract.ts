import { describe, expect, it } from 'vitest';
import { IllegalClientStateError, RecordTooLargeError } from '../errors/client-errors.js';
import { murmur2Partition } from '../partitioner/murmur2.js';
import { FAST_GROUP, pollUntil, text, type ContractContext } from './contract-context.js';

export function produceConsumeContract(ctx: ContractContext): void {
  describe('produce and consume', () => {
    it('round-trips keys, values, headers and timestamps; lists and deletes offsets', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('roundtrip');
      await cluster.admin.createTopics([{ name: topic, partitions: 1 }]);
      const producer = cluster.producer();
      await producer.connect();
      const base = Date.now() - 60_000;
      const results = await producer.send(topic, [
        { key: Buffer.from('k1'), value: Buffer.from('v1'), timestamp: base, headers: [{ key: 'h', value: Buffer.from('x') }, { key: 'h', value: Buffer.from('y') }] },
        { key: null, value: Buffer.from('v2'), timestamp: base + 1000 },
        { key: Buffer.from('k3'), value: null, timestamp: base + 2000, headers: [{ key: 'e', value: Buffer.alloc(0) }] },
      ]);
      expect(results).toEqual([{ topic, partition: 0, baseOffset: 0 }]);
      await producer.sendBatch([{ topic, records: [{ key: Buffer.from('k4'), value: Buffer.from('v4'), timestamp: base + 3000 }] }]);

      const consumer = cluster.consumer({ groupId: ctx.unique('roundtrip-g'), autoOffsetReset: 'earliest', ...FAST_GROUP });
      await consumer.connect();
      try {
        await consumer.subscribe([topic]);
        const records = await pollUntil(consumer, (r) => r.length >= 4, 'four records');
        expect(records.map((r) => [r.offset, text(r.key), text(r.value), r.timestamp])).toEqual([
          [0, 'k1', 'v1', base],
          [1, null, 'v2', base + 1000],
          [2, 'k3', null, base + 2000],
          [3, 'k4', 'v4', base + 3000],
        ]);
        expect(records[0]?.headers.map((h) => [h.key, text(h.value)])).toEqual([['h', 'x'], ['h', 'y']]);
        expect(records[2]?.headers).toEqual([{ key: 'e', value: Buffer.alloc(0) }]);
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
      // After disconnect a new poll fails instead of resolving empty forever (Java: IllegalStateException).
      await expect(consumer.poll(10)).rejects.toBeInstanceOf(IllegalClientStateError);

      const { admin } = cluster;
      const at = (spec: 'earliest' | 'latest' | { timestamp: number }) => admin.listOffsets([{ topic, partition: 0, spec }]).then((r) => r[0]?.offset);
      expect(await at('earliest')).toBe(0);
      expect(await at('latest')).toBe(4);
      expect(await at({ timestamp: base + 1500 })).toBe(2);
      expect(await at({ timestamp: base + 60_000 })).toBe(-1);
      await admin.deleteRecords([{ topic, partition: 0, beforeOffset: 2 }]);
      expect(await at('earliest')).toBe(2);
    });

    it('places keyed records where Java clients do (murmur2) and honours explicit partitions', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('placement');
      await cluster.admin.createTopics([{ name: topic, partitions: 6 }]);
      const producer = cluster.producer();
      await producer.connect();
      try {
        const keys = ['kafka', 'giberish123456789', '1234', '0', '1', '128', 'order-42'];
        for (const key of keys) {
          const [result] = await producer.send(topic, [{ key: Buffer.from(key), value: Buffer.from(key) }]);
          expect(result?.partition, key).toBe(murmur2Partition(Buffer.from(key), 6));
        }
        const [explicit] = await producer.send(topic, [{ key: Buffer.from('kafka'), value: null, partition: 5 }]);
        expect(explicit?.partition).toBe(5);
      } finally {
        await producer.disconnect();
      }
    });

    it('delivers a send bigger than max.message.bytes (split into batches), and refuses a record that fits no batch', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('big-send');
      const small = ctx.unique('small-max');
      await cluster.admin.createTopics([{ name: topic, partitions: 2 }, { name: small, partitions: 1, configs: { 'max.message.bytes': '2000' } }]);
      const producer = cluster.producer();
      await producer.connect();
      const consumer = cluster.consumer({ groupId: ctx.unique('big-send-g'), autoOffsetReset: 'earliest', ...FAST_GROUP });
      await consumer.connect();
      try {
        // 2 × 1100 records of 1000 bytes: more than 1 MiB per partition in one send.
        const records = Array.from({ length: 2_200 }, (_, i) => ({ key: null, value: Buffer.from(`${i}`.padEnd(1_000, '.')), partition: i % 2 }));
        const results = await producer.send(topic, records);
        expect(results.map((r) => [r.partition, r.baseOffset]).sort()).toEqual([[0, 0], [1, 0]]);
        await consumer.subscribe([topic]);
        const got = await pollUntil(consumer, (r) => r.length >= 2_200, 'every record of the big send');
        for (const p of [0, 1]) {
          const values = got.filter((r) => r.partition === p).map((r) => Number(text(r.value)?.replace(/\.+$/, '')));
          expect(values).toEqual(records.flatMap((r, i) => (r.partition === p ? [i] : [])));
        }
        const error = await producer.send(small, [{ key: null, value: Buffer.alloc(3_000, 1) }]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RecordTooLargeError);
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
    });
  });
}
