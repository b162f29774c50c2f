import kafkajs from 'kafkajs';
import type { PartitionAssigner } from 'kafkajs';
import type { Assignor, MemberAssignment, MemberSubscription } from '../consumer/assignor.js';
import type { TopicPartition } from '../records/topic-partition.js';

const { AssignerProtocol } = kafkajs;
const EMPTY = Buffer.alloc(0);

/**
 * Wraps our assignor as a kafkajs PartitionAssigner: encodes/decodes Kafka's consumer protocol
 * (subscription v0 and assignment v0 with userData), and tells the adapter what the leader
 * assigned so the leader's own `onAssignment` needs no extra round trip.
 */
export function toKafkajsAssigner(
  assignor: Assignor,
  onLeaderAssignment: (assignments: ReadonlyMap<string, MemberAssignment>) => void,
): PartitionAssigner {
  return ({ cluster, groupId }) => ({
    name: assignor.name,
    version: 0,
    protocol({ topics }) {
      const userData = assignor.subscriptionUserData?.(topics) ?? null;
      return { name: assignor.name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: userData ?? EMPTY }) };
    },
    async assign({ members, topics }) {
      const subscriptions: MemberSubscription[] = members.map((m) => {
        const decoded = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
        return {
          memberId: m.memberId,
          groupInstanceId: null,
          topics: decoded?.topics ?? [],
          userData: decoded === null || decoded.userData.length === 0 ? null : decoded.userData,
        };
      });
      const allTopics = [...new Set([...topics, ...subscriptions.flatMap((s) => s.topics)])];
      await cluster.addMultipleTargetTopics(allTopics);
      const partitionCounts = new Map<string, number>();
      for (const topic of allTopics) {
        try {
          partitionCounts.set(topic, cluster.findTopicPartitionMetadata(topic).length);
        } catch {
          // A subscribed topic that does not exist (yet) simply gets no partitions.
        }
      }
      const assignments = await assignor.assign({ groupId, members: subscriptions, partitionCounts });
      onLeaderAssignment(assignments);
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: encodeAssignment(assignments.get(m.memberId) ?? { partitions: [], userData: null }),
      }));
    },
  });
}

export function encodeAssignment(assignment: MemberAssignment): Buffer {
  const byTopic: Record<string, number[]> = {};
  for (const { topic, partition } of assignment.partitions) (byTopic[topic] ??= []).push(partition);
  return AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: byTopic, userData: assignment.userData ?? EMPTY });
}

export function decodeAssignment(bytes: Buffer): MemberAssignment {
  const decoded = bytes.length === 0 ? null : AssignerProtocol.MemberAssignment.decode(bytes);
  if (decoded === null) return { partitions: [], userData: null };
  const partitions: TopicPartition[] = [];
  for (const [topic, list] of Object.entries(decoded.assignment)) for (const partition of list) partitions.push({ topic, partition });
  return { partitions, userData: decoded.userData.length === 0 ? null : decoded.userData };
}
