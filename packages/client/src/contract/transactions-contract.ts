import { describe, expect, it } from 'vitest';
import type { IsolationLevel } from '../admin/admin.js';
import type { FetchedBatch } from '../consumer/consumer.js';
import { FencedProducerError } from '../errors/client-errors.js';
import { FAST_GROUP, pollUntil, text, waitUntil, type ContractContext } from './contract-context.js';

export function transactionsContract(ctx: ContractContext): void {
  describe('transactions', () => {
    async function readAll(topic: string, isolationLevel: IsolationLevel, count: number): Promise<string[]> {
      const consumer = ctx.cluster().consumer({ groupId: ctx.unique(`read-${isolationLevel}`), autoOffsetReset: 'earliest', isolationLevel, ...FAST_GROUP });
      await consumer.connect();
      try {
        await consumer.subscribe([topic]);
        const records = await pollUntil(consumer, (r) => r.length >= count, `${count} ${isolationLevel} records`);
        return records.map((r) => text(r.value) ?? 'null');
      } finally {
        await consumer.disconnect();
      }
    }

    it('shows committed and hides aborted transactions to read_committed consumers', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('txn');
      await cluster.admin.createTopics([{ name: topic, partitions: 1 }]);
      const producer = cluster.producer({ transactionalId: ctx.unique('txn-id'), transactionTimeoutMs: 10_000 });
      await producer.connect();
      try {
        expect(producer.transactional).toBe(true);
        const t1 = await producer.transaction();
        await t1.send(topic, [{ key: null, value: Buffer.from('c1') }, { key: null, value: Buffer.from('c2') }]);
        await t1.commit();
        expect(t1.isActive()).toBe(false);

        const t2 = await producer.transaction();
        await t2.send(topic, [{ key: null, value: Buffer.from('a1') }]);
        await t2.abort();

        const open = await producer.transaction();
        await open.send(topic, [{ key: null, value: Buffer.from('c3') }]);
        const latest = (level: IsolationLevel) =>
          cluster.admin.listOffsets([{ topic, partition: 0, spec: 'latest' }], { isolationLevel: level }).then((r) => r[0]?.offset);
        const stable = await latest('read_committed');
        const high = await latest('read_uncommitted');
        expect(stable).toBeLessThan(high ?? 0);
        await open.commit();
        // Kafka writes commit markers after answering EndTxn, so the stable offset catches up shortly.
        await waitUntil(async () => (await latest('read_committed')) === (await latest('read_uncommitted')), 'LSO reaching the high watermark');
      } finally {
        await producer.disconnect();
      }
      expect(await readAll(topic, 'read_committed', 3)).toEqual(['c1', 'c2', 'c3']);
      expect(await readAll(topic, 'read_uncommitted', 4)).toEqual(['c1', 'c2', 'a1', 'c3']);
    });

    it('moves a read_committed position past commit markers and aborted transactions to the end offset', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('txn-pos');
      await cluster.admin.createTopics([{ name: topic, partitions: 2 }]);
      const p0 = { topic, partition: 0 };
      const p1 = { topic, partition: 1 };
      const ends = async (): Promise<[number, number]> => {
        const hw = await cluster.admin.listOffsets([0, 1].map((partition) => ({ topic, partition, spec: 'latest' as const })));
        const lso = await cluster.admin.listOffsets([0, 1].map((partition) => ({ topic, partition, spec: 'latest' as const })), { isolationLevel: 'read_committed' });
        // Kafka writes markers after answering EndTxn: the tail is settled once LSO = HW.
        return hw.every((h, i) => h.offset === lso[i]?.offset) ? [hw[0]!.offset, hw[1]!.offset] : [-1, -1];
      };
      const settledEnds = async (): Promise<[number, number]> => {
        let e: [number, number] = [-1, -1];
        await waitUntil(async () => (e = await ends())[0] >= 0, 'LSO reaching the high watermark');
        return e;
      };
      const value = (v: string) => ({ key: null, value: Buffer.from(v) });
      const producer = cluster.producer({ transactionalId: ctx.unique('txn-pos-id'), transactionTimeoutMs: 10_000 });
      const consumer = cluster.consumer({ groupId: ctx.unique('txn-pos-g'), autoOffsetReset: 'earliest', isolationLevel: 'read_committed', ...FAST_GROUP });
      await producer.connect();
      await consumer.connect();
      try {
        await consumer.subscribe([topic]);
        // Partition 0 ends with a COMMIT marker.
        const committed = await producer.transaction();
        await committed.send(topic, [{ ...value('c1'), partition: 0 }, { ...value('c2'), partition: 0 }]);
        await committed.commit();
        const [afterCommit] = await settledEnds();
        expect(afterCommit).toBe(3);
        const seen = await pollUntil(consumer, () => consumer.position(p0) === afterCommit, `position ${afterCommit} on partition 0`);
        expect(seen.map((r) => text(r.value))).toEqual(['c1', 'c2']);

        // Then an aborted transaction on both: partition 0 ends with aborted records plus an ABORT
        // marker, partition 1 holds nothing else (nothing there is ever delivered).
        const aborted = await producer.transaction();
        await aborted.send(topic, [{ ...value('a1'), partition: 0 }, { ...value('a2'), partition: 0 }, { ...value('a3'), partition: 1 }]);
        await aborted.abort();
        const [end0, end1] = await settledEnds();
        expect([end0, end1]).toEqual([6, 2]);
        const batches: FetchedBatch[] = [];
        const more = await pollUntil(
          consumer,
          (_, b) => {
            batches.splice(0, batches.length, ...b);
            return consumer.position(p0) === end0 && consumer.position(p1) === end1;
          },
          `positions ${end0} and ${end1} past the aborted transaction`,
        );
        expect(more).toEqual([]);
        // Poll reported the moves as batches without records.
        expect(batches.filter((b) => b.partition === 0).at(-1)).toMatchObject({ records: [], nextOffset: end0 });
        expect(batches.filter((b) => b.partition === 1).at(-1)).toMatchObject({ records: [], nextOffset: end1 });

        // A read starting at a COMMIT marker (a fetch of only control and aborted batches) gets there too.
        consumer.seek(p0, afterCommit - 1);
        expect(consumer.position(p0)).toBe(afterCommit - 1);
        const afterSeek = await pollUntil(consumer, () => consumer.position(p0) === end0, `position ${end0} after seeking to the commit marker`);
        expect(afterSeek).toEqual([]);
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
    });

    it('fences the older producer when a newer one takes over its transactional id', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('fence');
      const transactionalId = ctx.unique('fence-id');
      await cluster.admin.createTopics([{ name: topic, partitions: 1 }]);
      const zombie = cluster.producer({ transactionalId, transactionTimeoutMs: 10_000 });
      const successor = cluster.producer({ transactionalId, transactionTimeoutMs: 10_000 });
      await zombie.connect();
      await successor.connect();
      try {
        const stale = await zombie.transaction();
        await stale.send(topic, [{ key: null, value: Buffer.from('zombie') }]);
        const fresh = await successor.transaction();
        await fresh.send(topic, [{ key: null, value: Buffer.from('successor') }]);
        await expect(stale.commit()).rejects.toBeInstanceOf(FencedProducerError);
        await fresh.commit();
      } finally {
        await zombie.disconnect().catch(() => undefined);
        await successor.disconnect();
      }
      expect(await readAll(topic, 'read_committed', 1)).toEqual(['successor']);
    });

    it('commits consumed offsets atomically with output (consume-transform-produce)', async () => {
      const cluster = ctx.cluster();
      const input = ctx.unique('ctp-in');
      const output = ctx.unique('ctp-out');
      const groupId = ctx.unique('ctp-g');
      await cluster.admin.createTopics([{ name: input, partitions: 1 }, { name: output, partitions: 1 }]);
      const plain = cluster.producer();
      await plain.connect();
      await plain.send(input, ['a', 'b', 'c'].map((v) => ({ key: null, value: Buffer.from(v) })));
      await plain.disconnect();

      const consumer = cluster.consumer({ groupId, autoOffsetReset: 'earliest', isolationLevel: 'read_committed', ...FAST_GROUP });
      const producer = cluster.producer({ transactionalId: ctx.unique('ctp-id'), transactionTimeoutMs: 10_000 });
      await consumer.connect();
      await producer.connect();
      try {
        await consumer.subscribe([input]);
        const records = await pollUntil(consumer, (r) => r.length >= 3, 'three input records');

        const aborted = await producer.transaction();
        await aborted.send(output, records.map((r) => ({ key: null, value: Buffer.from(`${text(r.value)}!`) })));
        await aborted.sendOffsets([{ topic: input, partition: 0, offset: 3 }], consumer.groupMetadata());
        await aborted.abort();
        expect((await cluster.admin.committedOffsets(groupId, [input]))[0]?.offset ?? null).toBeNull();

        const txn = await producer.transaction();
        await txn.send(output, records.map((r) => ({ key: null, value: Buffer.from(text(r.value)!.toUpperCase()) })));
        await txn.sendOffsets([{ topic: input, partition: 0, offset: 3 }], consumer.groupMetadata());
        await txn.commit();
        // Transactional offsets become visible once the coordinator has written the markers.
        await waitUntil(async () => (await cluster.admin.committedOffsets(groupId, [input]))[0]?.offset === 3, 'committed offset 3');
      } finally {
        await producer.disconnect();
        await consumer.disconnect();
      }
      expect(await readAll(output, 'read_committed', 3)).toEqual(['A', 'B', 'C']);
    });
  });
}
