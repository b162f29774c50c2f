import { describe, expect, it } from 'vitest';
import type { ClusterCapabilities } from '../cluster.js';
import type { Consumer } from '../consumer/consumer.js';
import { CommitFailedError, UnsupportedFeatureError } from '../errors/client-errors.js';
import type { TopicPartition } from '../records/topic-partition.js';
import { FAST_GROUP, pollUntil, text, waitUntil, type ContractContext } from './contract-context.js';

/**
 * Behaviour only some adapters can show (declared in `Cluster.capabilities`); the others skip
 * with the reason, which the package README explains.
 */
export function capabilitiesContract(ctx: ContractContext): void {
  const requires = (skip: (note?: string) => never, capability: keyof ClusterCapabilities): void => {
    const cluster = ctx.cluster();
    if (cluster.capabilities?.[capability] !== true) skip(`the ${cluster.kind} adapter lacks capability ${capability}`);
  };

  describe('capabilities', () => {
    it('round-trips null header values (nullHeaderValues)', async ({ skip }) => {
      requires(skip, 'nullHeaderValues');
      const cluster = ctx.cluster();
      const topic = ctx.unique('null-headers');
      await cluster.admin.createTopics([{ name: topic, partitions: 1 }]);
      const producer = cluster.producer();
      await producer.connect();
      const consumer = cluster.consumer({ groupId: ctx.unique('null-headers-g'), autoOffsetReset: 'earliest', ...FAST_GROUP });
      await consumer.connect();
      try {
        await producer.send(topic, [{ key: null, value: Buffer.from('v'), headers: [{ key: 'n', value: null }, { key: 'e', value: Buffer.alloc(0) }] }]);
        await consumer.subscribe([topic]);
        const [record] = await pollUntil(consumer, (r) => r.length >= 1, 'one record');
        expect(record?.headers).toEqual([{ key: 'n', value: null }, { key: 'e', value: Buffer.alloc(0) }]);
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
    });

    it('fences a zombie member: sendOffsets with a stale generation fails, the current one commits (groupMetadataFencing)', async ({ skip }) => {
      requires(skip, 'groupMetadataFencing');
      const cluster = ctx.cluster();
      const input = ctx.unique('zombie-in');
      const output = ctx.unique('zombie-out');
      const groupId = ctx.unique('zombie-g');
      await cluster.admin.createTopics([{ name: input, partitions: 2 }, { name: output, partitions: 1 }]);
      const a = cluster.consumer({ groupId, autoOffsetReset: 'earliest', isolationLevel: 'read_committed', ...FAST_GROUP });
      const b = cluster.consumer({ groupId, autoOffsetReset: 'earliest', isolationLevel: 'read_committed', ...FAST_GROUP });
      const producer = cluster.producer({ transactionalId: ctx.unique('zombie-id'), transactionTimeoutMs: 10_000 });
      await a.connect();
      await b.connect();
      await producer.connect();
      const pollAll = async (consumers: readonly Consumer[], done: () => boolean, what: string): Promise<void> => {
        await waitUntil(async () => {
          await Promise.all(consumers.map((c) => c.poll(50)));
          return done();
        }, what);
      };
      try {
        await a.subscribe([input]);
        await pollAll([a], () => a.assignment().length === 2, 'a owning both partitions');
        const stale = a.groupMetadata();
        expect(stale.generationId).toBeGreaterThan(0);
        expect(stale.memberId).not.toBe('');

        await b.subscribe([input]);
        await pollAll([a, b], () => a.assignment().length === 1 && b.assignment().length === 1, 'a 1/1 split');
        expect(a.groupMetadata().generationId).toBeGreaterThan(stale.generationId);

        const zombie = await producer.transaction();
        await zombie.send(output, [{ key: null, value: Buffer.from('zombie') }]);
        await expect(zombie.sendOffsets([{ topic: input, partition: 0, offset: 1 }], stale)).rejects.toBeInstanceOf(CommitFailedError);
        await zombie.abort();

        const owner = a.assignment()[0]!;
        const txn = await producer.transaction();
        await txn.send(output, [{ key: null, value: Buffer.from('owner') }]);
        await txn.sendOffsets([{ ...owner, offset: 7 }], a.groupMetadata());
        await txn.commit();
        const committed = await cluster.admin.committedOffsets(groupId, [input]);
        expect(committed.find((c) => c.partition === owner.partition)?.offset).toBe(7);
      } finally {
        await producer.disconnect();
        await a.disconnect();
        await b.disconnect();
      }
      const reader = cluster.consumer({ groupId: ctx.unique('zombie-read'), autoOffsetReset: 'earliest', isolationLevel: 'read_committed', ...FAST_GROUP });
      await reader.connect();
      try {
        await reader.subscribe([output]);
        const records = await pollUntil(reader, (r) => r.length >= 1, 'the committed output');
        expect(records.map((r) => text(r.value))).toEqual(['owner']);
      } finally {
        await reader.disconnect();
      }
    });

    it('refuses groupInstanceId without staticMembership', ({ skip }) => {
      const cluster = ctx.cluster();
      if (cluster.capabilities?.staticMembership === true) skip('the adapter has static membership');
      expect(() => cluster.consumer({ groupId: ctx.unique('static-g'), groupInstanceId: 'i' })).toThrow(UnsupportedFeatureError);
    });

    it('gives a static member that restarts within the session timeout its partitions back, without rebalancing the other member (staticMembership)', async ({ skip }) => {
      requires(skip, 'staticMembership');
      const cluster = ctx.cluster();
      const topic = ctx.unique('static');
      const groupId = ctx.unique('static-g');
      await cluster.admin.createTopics([{ name: topic, partitions: 4 }]);
      const bEvents: string[] = [];
      const b = cluster.consumer({
        groupId,
        autoOffsetReset: 'earliest',
        ...FAST_GROUP,
        rebalanceListener: {
          onPartitionsRevoked: (ps: readonly TopicPartition[]) => void bEvents.push(`revoked ${ps.length}`),
          onPartitionsAssigned: (ps: readonly TopicPartition[]) => void bEvents.push(`assigned ${ps.length}`),
        },
      });
      const staticMember = (): Consumer => cluster.consumer({ groupId, groupInstanceId: 'worker-1', autoOffsetReset: 'earliest', ...FAST_GROUP });
      const a = staticMember();
      let restarted: Consumer | undefined;
      await a.connect();
      await b.connect();
      const pollAll = async (consumers: readonly Consumer[], done: () => boolean, what: string): Promise<void> => {
        await waitUntil(async () => {
          await Promise.all(consumers.map((c) => c.poll(50)));
          return done();
        }, what);
      };
      try {
        await a.subscribe([topic]);
        await b.subscribe([topic]);
        await pollAll([a, b], () => a.assignment().length === 2 && b.assignment().length === 2, 'a 2/2 split');
        const owned = a.assignment();
        const generation = b.groupMetadata().generationId;
        expect(a.groupMetadata().groupInstanceId).toBe('worker-1');
        const eventsBefore = [...bEvents];

        await a.disconnect();
        const [kept] = await cluster.admin.describeGroups([groupId]);
        expect(kept?.members.map((m) => m.groupInstanceId).sort()).toEqual([null, 'worker-1']);

        restarted = staticMember();
        await restarted.connect();
        await restarted.subscribe([topic]);
        const r = restarted;
        await pollAll([r, b], () => r.assignment().length === 2, 'the restarted member owning its partitions');
        expect(r.assignment()).toEqual(owned);
        // Keep both polling for a few heartbeats: a rebalance would show up in b by now.
        const until = Date.now() + 4 * (FAST_GROUP.heartbeatIntervalMs ?? 300);
        await pollAll([r, b], () => Date.now() > until, 'a few heartbeats');
        expect(b.groupMetadata().generationId).toBe(generation);
        expect(bEvents).toEqual(eventsBefore);
        expect(b.assignment()).toHaveLength(2);
      } finally {
        await restarted?.disconnect();
        await b.disconnect();
        await a.disconnect();
      }
    });
  });
}
