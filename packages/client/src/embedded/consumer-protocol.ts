import { ByteReader, ByteWriter } from '@tributary/protocol';
import type { MemberAssignment } from '../consumer/assignor.js';
import type { TopicPartition } from '../records/topic-partition.js';

/**
 * Kafka's consumer protocol (ConsumerProtocolSubscription / ConsumerProtocolAssignment, version 0)
 * as JoinGroup and SyncGroup carry it, so embedded members and Kafka clients reaching the same
 * node through the broker can share a group. Newer versions only append fields, which are skipped.
 */
export interface DecodedSubscription {
  readonly topics: readonly string[];
  readonly userData: Buffer | null;
}

export function encodeSubscription(topics: readonly string[], userData: Buffer | null): Buffer {
  const w = new ByteWriter(64).int16(0).int32(topics.length);
  for (const t of topics) w.string(t);
  return w.nullableBytes(userData).toBuffer();
}

export function decodeSubscription(bytes: Buffer): DecodedSubscription {
  if (bytes.length < 6) return { topics: [], userData: null };
  const r = new ByteReader(bytes);
  r.int16();
  const topics: string[] = [];
  for (let n = r.int32(); n > 0; n--) topics.push(r.string());
  const userData = r.remaining >= 4 ? r.nullableBytes() : null;
  return { topics, userData: userData === null || userData.length === 0 ? null : userData };
}

export function encodeAssignment(assignment: MemberAssignment): Buffer {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of assignment.partitions) {
    const list = byTopic.get(topic) ?? [];
    list.push(partition);
    byTopic.set(topic, list);
  }
  const w = new ByteWriter(64).int16(0).int32(byTopic.size);
  for (const [topic, partitions] of byTopic) {
    w.string(topic).int32(partitions.length);
    for (const p of partitions) w.int32(p);
  }
  return w.nullableBytes(assignment.userData).toBuffer();
}

export function decodeAssignment(bytes: Buffer): MemberAssignment {
  if (bytes.length < 6) return { partitions: [], userData: null };
  const r = new ByteReader(bytes);
  r.int16();
  const partitions: TopicPartition[] = [];
  for (let n = r.int32(); n > 0; n--) {
    const topic = r.string();
    for (let m = r.int32(); m > 0; m--) partitions.push({ topic, partition: r.int32() });
  }
  const userData = r.remaining >= 4 ? r.nullableBytes() : null;
  return { partitions, userData: userData === null || userData.length === 0 ? null : userData };
}
