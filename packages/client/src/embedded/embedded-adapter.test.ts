import { afterEach, describe, expect, it } from 'vitest';
import { LogNode } from '@tributary/log';
import type { Cluster } from '../cluster.js';
import { FAST_GROUP, pollUntil, text, waitUntil } from '../contract/contract-context.js';
import type { TopicPartition } from '../records/topic-partition.js';
import { embedded } from './embedded-cluster.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cluster(target: Parameters<typeof embedded>[0] = { inMemory: true, cleanerIntervalMs: 0 }): Promise<Cluster> {
  const c = embedded(target);
  await c.connect();
  cleanups.push(() => c.disconnect());
  return c;
}

describe('embedded adapter', () => {
  it('wakes a long poll on the append itself, long before its timeout', async () => {
    const c = await cluster();
    await c.admin.createTopics([{ name: 't', partitions: 1 }]);
    const consumer = c.consumer({ groupId: 'g', autoOffsetReset: 'earliest', ...FAST_GROUP });
    await consumer.connect();
    await consumer.subscribe(['t']);
    await waitUntil(async () => (await consumer.poll(20), consumer.assignment().length === 1), 'assignment');
    const started = Date.now();
    const polled = consumer.poll(10_000);
    const producer = c.producer();
    await producer.connect();
    await producer.send('t', [{ key: null, value: Buffer.from('hello') }]);
    const batches = await polled;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(batches.flatMap((b) => b.records.map((r) => text(r.value)))).toEqual(['hello']);
    await consumer.disconnect();
  });

  it('read_committed: waits for the commit marker, hides aborted records, and moves past control batches', async () => {
    const c = await cluster();
    await c.admin.createTopics([{ name: 't', partitions: 1 }]);
    const producer = c.producer({ transactionalId: 'tx', transactionTimeoutMs: 10_000 });
    await producer.connect();
    const consumer = c.consumer({ groupId: 'g', autoOffsetReset: 'earliest', isolationLevel: 'read_committed', ...FAST_GROUP });
    await consumer.connect();
    await consumer.subscribe(['t']);
    await waitUntil(async () => (await consumer.poll(20), consumer.assignment().length === 1), 'assignment');

    const aborted = await producer.transaction();
    await aborted.send('t', [{ key: null, value: Buffer.from('a1') }]);
    await aborted.abort();
    const open = await producer.transaction();
    await open.send('t', [{ key: null, value: Buffer.from('c1') }]);
    // The aborted transaction and its marker are skipped (a batch without records reports it);
    // the open transaction's c1 is not readable yet.
    expect(await consumer.poll(100)).toEqual([{ topic: 't', partition: 0, records: [], nextOffset: 2, highWatermark: 3 }]);
    expect(consumer.position({ topic: 't', partition: 0 })).toBe(2);
    expect(await consumer.poll(100)).toEqual([]);
    const polled = pollUntil(consumer, (r) => r.length >= 1, 'the committed record', 5_000);
    await open.commit();
    const records = await polled;
    expect(records.map((r) => [r.offset, text(r.value)])).toEqual([[2, 'c1']]);
    // Offsets 0 a1, 1 ABORT, 2 c1, 3 COMMIT: the position covers the marker.
    const [latest] = await c.admin.listOffsets([{ topic: 't', partition: 0, spec: 'latest' }], { isolationLevel: 'read_committed' });
    expect(latest?.offset).toBe(4);
    await consumer.commit([{ topic: 't', partition: 0, offset: 4 }]);
    await consumer.disconnect();
    await producer.disconnect();
  });

  it('runs onPartitionsRevoked before rejoining, so offsets committed there carry over to the new owner', async () => {
    const c = await cluster();
    await c.admin.createTopics([{ name: 't', partitions: 2 }]);
    const producer = c.producer();
    await producer.connect();
    await producer.send('t', [0, 1, 0, 1].map((partition, i) => ({ key: null, value: Buffer.from(`v${i}`), partition })));
    const seen = new Map<string, number>();
    let aCommits = 0;
    const a = c.consumer({
      groupId: 'g',
      autoOffsetReset: 'earliest',
      ...FAST_GROUP,
      rebalanceListener: {
        onPartitionsRevoked: async (ps: readonly TopicPartition[]) => {
          const offsets = ps.flatMap((p) => (seen.has(`${p.partition}`) ? [{ ...p, offset: seen.get(`${p.partition}`)! }] : []));
          await a.commit(offsets);
          aCommits += offsets.length;
        },
      },
    });
    await a.connect();
    await a.subscribe(['t']);
    await pollUntil(a, (r) => r.length >= 4, 'four records').then((rs) => rs.forEach((r) => seen.set(`${r.partition}`, r.offset + 1)));
    const b = c.consumer({ groupId: 'g', autoOffsetReset: 'earliest', ...FAST_GROUP });
    await b.connect();
    await b.subscribe(['t']);
    await producer.send('t', [{ key: null, value: Buffer.from('late'), partition: 0 }, { key: null, value: Buffer.from('late'), partition: 1 }]);
    const fromB: string[] = [];
    await waitUntil(async () => {
      const [, batches] = await Promise.all([a.poll(50), b.poll(50)]);
      for (const batch of batches) for (const r of batch.records) fromB.push(`${batch.partition}:${text(r.value)}`);
      return a.assignment().length === 1 && b.assignment().length === 1 && fromB.length >= 1;
    }, 'b reading its partition');
    expect(aCommits).toBe(2);
    // b resumes after a's revocation commit: only the record produced later.
    expect(fromB).toEqual([`${b.assignment()[0]!.partition}:late`]);
    await a.disconnect();
    await b.disconnect();
    await producer.disconnect();
  });

  it('rebalances when a subscribed topic appears or grows (pattern subscriptions included)', async () => {
    const c = await cluster();
    const consumer = c.consumer({ groupId: 'g', autoOffsetReset: 'earliest', ...FAST_GROUP });
    await consumer.connect();
    await consumer.subscribe(['later', /^pat-/]);
    await waitUntil(async () => (await consumer.poll(20), consumer.groupMetadata().generationId > 0), 'first join');
    expect(consumer.assignment()).toEqual([]);
    await c.admin.createTopics([{ name: 'later', partitions: 1 }, { name: 'pat-1', partitions: 1 }]);
    await waitUntil(async () => (await consumer.poll(20), consumer.assignment().length === 2), 'new topics assigned');
    await c.admin.createPartitions('later', 2);
    await waitUntil(async () => (await consumer.poll(20), consumer.assignment().length === 3), 'new partition assigned');
    await consumer.disconnect();
  });

  it('shares a LogNode with other users and leaves it open on disconnect; listOffsets reports timestamps', async () => {
    const node = await LogNode.open({ inMemory: true, cleanerIntervalMs: 0 });
    cleanups.push(() => node.close());
    const c = embedded(node);
    await c.connect();
    await c.admin.createTopics([{ name: 't', partitions: 1 }]);
    const producer = c.producer();
    await producer.connect();
    await producer.send('t', [{ key: null, value: Buffer.from('x'), timestamp: 1_000 }, { key: null, value: Buffer.from('y'), timestamp: 2_000 }]);
    expect(await c.admin.listOffsets([{ topic: 't', partition: 0, spec: { timestamp: 1_500 } }])).toEqual([{ topic: 't', partition: 0, offset: 1, timestamp: 2_000 }]);
    await c.disconnect();
    expect(node.offsets('t', 0).highWatermark).toBe(2);
    // The node's coordinators saw the idempotent producer: its batch carries a producer id.
    const fetched = await node.fetch('t', 0, 0);
    expect(fetched.batches.readBigInt64BE(43)).toBeGreaterThanOrEqual(0n);
  });
});
