import { describe, expect, it } from 'vitest';
import type { Assignor } from '../consumer/assignor.js';
import type { Consumer } from '../consumer/consumer.js';
import { roundRobinAssignor } from '../consumer/round-robin-assignor.js';
import { GroupNotEmptyError } from '../errors/client-errors.js';
import type { TopicPartition } from '../records/topic-partition.js';
import { FAST_GROUP, pollUntil, text, waitUntil, type ContractContext } from './contract-context.js';

const sorted = (ps: readonly TopicPartition[]): number[] => ps.map((p) => p.partition).sort((a, b) => a - b);

async function seed(ctx: ContractContext, topic: string, partitions: number, perPartition: number): Promise<void> {
  const cluster = ctx.cluster();
  await cluster.admin.createTopics([{ name: topic, partitions }]);
  const producer = cluster.producer();
  await producer.connect();
  try {
    const records = [];
    for (let p = 0; p < partitions; p++) {
      for (let i = 0; i < perPartition; i++) records.push({ key: null, value: Buffer.from(`p${p}-${i}`), partition: p });
    }
    await producer.send(topic, records);
  } finally {
    await producer.disconnect();
  }
}

/** Polls every consumer once per round until `done` holds (members must keep polling to rebalance). */
async function pollAllUntil(consumers: readonly Consumer[], done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Promise.all(consumers.map((c) => c.poll(100)));
  }
}

export function groupsContract(ctx: ContractContext): void {
  describe('consumer groups', () => {
    it('splits partitions between two members, rebalances when one leaves, and tells the listener', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('group');
      const groupId = ctx.unique('group-g');
      await seed(ctx, topic, 4, 1);
      const log: string[] = [];
      const listener = (name: string) => ({
        onPartitionsRevoked: (ps: readonly TopicPartition[]) => void log.push(`${name} revoked ${sorted(ps).join(',')}`),
        onPartitionsAssigned: (ps: readonly TopicPartition[]) => void log.push(`${name} assigned ${sorted(ps).join(',')}`),
      });
      const a = cluster.consumer({ groupId, autoOffsetReset: 'earliest', rebalanceListener: listener('a'), ...FAST_GROUP });
      const b = cluster.consumer({ groupId, autoOffsetReset: 'earliest', rebalanceListener: listener('b'), ...FAST_GROUP });
      await a.connect();
      await b.connect();
      try {
        await a.subscribe([topic]);
        await b.subscribe([new RegExp(`^${topic}$`)]);
        await pollAllUntil([a], () => a.assignment().length === 4, 'a owning all four partitions');
        expect(log).toContain('a assigned 0,1,2,3');

        await pollAllUntil([a, b], () => a.assignment().length === 2 && b.assignment().length === 2, 'a 2/2 split');
        expect([...sorted(a.assignment()), ...sorted(b.assignment())].sort()).toEqual([0, 1, 2, 3]);
        expect(log).toContain('a revoked 0,1,2,3');

        const [group] = await cluster.admin.describeGroups([groupId]);
        expect(group?.members).toHaveLength(2);
        expect(group?.protocol).toBe('roundrobin');
        expect(group?.members.flatMap((m) => sorted(m.assignedPartitions)).sort()).toEqual([0, 1, 2, 3]);
        expect((await cluster.admin.listGroups()).map((g) => g.groupId)).toContain(groupId);

        await b.disconnect();
        await pollAllUntil([a], () => a.assignment().length === 4, 'a taking all partitions back');
      } finally {
        await a.disconnect();
        await b.disconnect();
      }
    });

    it('runs a custom assignor with per-member subscription and assignment userData', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('assignor');
      const groupId = ctx.unique('assignor-g');
      await seed(ctx, topic, 2, 1);
      const received = new Map<string, string | null>();
      const seenSubscriptions: string[] = [];
      const assignor = (name: string): Assignor => ({
        name: 'everything-to-first',
        subscriptionUserData: () => Buffer.from(`sub:${name}`),
        assign({ members, partitionCounts }) {
          seenSubscriptions.splice(0, seenSubscriptions.length, ...members.map((m) => text(m.userData) ?? 'null').sort());
          const first = [...members].sort((x, y) => (x.memberId < y.memberId ? -1 : 1))[0]?.memberId;
          const all: TopicPartition[] = [];
          for (const [t, n] of partitionCounts) for (let partition = 0; partition < n; partition++) all.push({ topic: t, partition });
          return new Map(members.map((m) => [m.memberId, { partitions: m.memberId === first ? all : [], userData: Buffer.from(`for:${m.memberId}`) }]));
        },
        onAssignment(assignment, { memberId }) {
          received.set(memberId, text(assignment.userData));
        },
      });
      const a = cluster.consumer({ groupId, assignors: [assignor('a'), roundRobinAssignor()], ...FAST_GROUP });
      const b = cluster.consumer({ groupId, assignors: [assignor('b')], ...FAST_GROUP });
      await a.connect();
      await b.connect();
      try {
        await a.subscribe([topic]);
        await b.subscribe([topic]);
        await pollAllUntil([a, b], () => a.assignment().length + b.assignment().length === 2 && received.size >= 2 && seenSubscriptions.length === 2, 'custom assignment');
        expect(seenSubscriptions).toEqual(['sub:a', 'sub:b']);
        const ids = [a.groupMetadata().memberId, b.groupMetadata().memberId];
        for (const id of ids) expect(received.get(id)).toBe(`for:${id}`);
        expect([a.assignment().length, b.assignment().length].sort()).toEqual([0, 2]);
      } finally {
        await a.disconnect();
        await b.disconnect();
      }
    });

    it('keeps delivering every record when the prefetch buffer is tiny (backpressure)', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('backpressure');
      await seed(ctx, topic, 4, 25);
      const consumer = cluster.consumer({ groupId: ctx.unique('backpressure-g'), autoOffsetReset: 'earliest', maxBufferedBatches: 1, ...FAST_GROUP });
      await consumer.connect();
      try {
        await consumer.subscribe([topic]);
        const records = await pollUntil(consumer, (r) => r.length >= 100, 'one hundred records');
        expect(records).toHaveLength(100);
        for (let p = 0; p < 4; p++) {
          expect(records.filter((r) => r.partition === p).map((r) => r.offset)).toEqual(Array.from({ length: 25 }, (_, i) => i));
        }
      } finally {
        await consumer.disconnect();
      }
    });

    it('honours committed offsets (with metadata) on restart, pauses, resumes and seeks', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('offsets');
      const groupId = ctx.unique('offsets-g');
      await seed(ctx, topic, 2, 5);
      const first = cluster.consumer({ groupId, autoOffsetReset: 'earliest', ...FAST_GROUP });
      await first.connect();
      try {
        await first.subscribe([topic]);
        await pollUntil(first, (r) => r.length >= 10, 'ten records');
        await first.commit([{ topic, partition: 0, offset: 3, metadata: 'meta-0' }, { topic, partition: 1, offset: 5 }]);
        const read = await first.committed([{ topic, partition: 0 }, { topic, partition: 1 }]);
        expect(read.map((c) => [c.partition, c.offset])).toEqual([[0, 3], [1, 5]]);
        expect(read[0]?.metadata).toBe('meta-0');
      } finally {
        await first.disconnect();
      }
      const committed = await cluster.admin.committedOffsets(groupId, [topic]);
      expect(committed.find((c) => c.partition === 0)?.offset).toBe(3);

      const second = cluster.consumer({ groupId, autoOffsetReset: 'earliest', ...FAST_GROUP });
      await second.connect();
      try {
        await second.subscribe([topic]);
        const resumed = await pollUntil(second, (r) => r.length >= 2, 'records after the committed offsets');
        expect(resumed.map((r) => text(r.value))).toEqual(['p0-3', 'p0-4']);

        second.pause([{ topic, partition: 0 }]);
        expect(second.paused()).toEqual([{ topic, partition: 0 }]);
        second.seek({ topic, partition: 0 }, 1);
        second.seek({ topic, partition: 1 }, 2);
        const whilePaused = await pollUntil(second, (r) => r.length >= 3, 'partition 1 while 0 is paused');
        expect(whilePaused.map((r) => text(r.value))).toEqual(['p1-2', 'p1-3', 'p1-4']);
        second.resume([{ topic, partition: 0 }]);
        const afterResume = await pollUntil(second, (r) => r.length >= 4, 'partition 0 after resume');
        expect(afterResume.map((r) => text(r.value))).toEqual(['p0-1', 'p0-2', 'p0-3', 'p0-4']);
        expect(second.paused()).toEqual([]);
      } finally {
        await second.disconnect();
      }
    });

    it('alters the offsets of an empty (or new) group, and refuses while the group has members', async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('alter');
      const groupId = ctx.unique('alter-g');
      await seed(ctx, topic, 2, 6);
      await cluster.admin.alterGroupOffsets(groupId, [
        { topic, partition: 0, offset: 4, metadata: 'reset' },
        { topic, partition: 1, offset: 5 },
      ]);
      const committed = await cluster.admin.committedOffsets(groupId, [topic]);
      expect(committed.map((c) => [c.partition, c.offset]).sort()).toEqual([[0, 4], [1, 5]]);
      expect(committed.find((c) => c.partition === 0)?.metadata).toBe('reset');

      const consumer = cluster.consumer({ groupId, autoOffsetReset: 'earliest', ...FAST_GROUP });
      await consumer.connect();
      try {
        await consumer.subscribe([topic]);
        const resumed = await pollUntil(consumer, (r) => r.length >= 3, 'records after the altered offsets');
        expect(resumed.map((r) => text(r.value)).sort()).toEqual(['p0-4', 'p0-5', 'p1-5']);
        await expect(cluster.admin.alterGroupOffsets(groupId, [{ topic, partition: 0, offset: 0 }])).rejects.toBeInstanceOf(GroupNotEmptyError);
      } finally {
        await consumer.disconnect();
      }
      await waitUntil(async () => (await cluster.admin.describeGroups([groupId]))[0]?.state === 'Empty', 'the group to be empty');
      await cluster.admin.alterGroupOffsets(groupId, [{ topic, partition: 0, offset: 1 }]);
      const after = await cluster.admin.committedOffsets(groupId, [topic]);
      expect(after.map((c) => [c.partition, c.offset]).sort()).toEqual([[0, 1], [1, 5]]);
    });

    it("reports each consumer's own clientId to the group", async () => {
      const cluster = ctx.cluster();
      const topic = ctx.unique('client-id');
      const groupId = ctx.unique('client-id-g');
      await seed(ctx, topic, 1, 1);
      const clientId = ctx.unique('my-client');
      const consumer = cluster.consumer({ groupId, clientId, autoOffsetReset: 'earliest', ...FAST_GROUP });
      await consumer.connect();
      try {
        await consumer.subscribe([topic]);
        await pollUntil(consumer, (r) => r.length >= 1, 'one record');
        const [group] = await cluster.admin.describeGroups([groupId]);
        expect(group?.members.map((m) => m.clientId)).toEqual([clientId]);
        expect(consumer.groupMetadata().memberId.startsWith(clientId)).toBe(true);
      } finally {
        await consumer.disconnect();
      }
    });
  });
}
