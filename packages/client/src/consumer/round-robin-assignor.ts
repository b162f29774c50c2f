import type { TopicPartition } from '../records/topic-partition.js';
import type { Assignor, MemberAssignment } from './assignor.js';

/**
 * Kafka's "roundrobin" strategy: all subscribed partitions, sorted by topic then partition, dealt
 * in turn to the members (sorted by id) that subscribe to the partition's topic.
 */
export function roundRobinAssignor(): Assignor {
  return {
    name: 'roundrobin',
    assign({ members, partitionCounts }) {
      const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
      const owned = new Map<string, TopicPartition[]>(sorted.map((m) => [m.memberId, []]));
      const topics = [...partitionCounts.keys()].sort();
      let turn = 0;
      for (const topic of topics) {
        const count = partitionCounts.get(topic) ?? 0;
        for (let partition = 0; partition < count; partition++) {
          for (let tries = 0; tries < sorted.length; tries++) {
            const member = sorted[turn % sorted.length]!;
            turn++;
            if (member.topics.includes(topic)) {
              owned.get(member.memberId)!.push({ topic, partition });
              break;
            }
          }
        }
      }
      const result = new Map<string, MemberAssignment>();
      for (const [memberId, partitions] of owned) result.set(memberId, { partitions, userData: null });
      return result;
    },
  };
}
