import { ByteReader, ByteWriter } from '@tributary/protocol';
import type { InternalRecord } from '../internal-log.js';

/**
 * Tributary's own layout of `__consumer_offsets` records (not Kafka's; big-endian, Kafka-style
 * int16-length strings, int32-length bytes). Every key starts with an int16 record type:
 *
 *   type 1 offset commit   key: group:string topic:string partition:int32
 *                          value: version:int16(=1) offset:int64 leaderEpoch:int32 metadata:nullable string commitTimestamp:int64
 *   type 2 group metadata  key: group:string
 *                          value: version:int16(=1) protocolType:nullable string generation:int32
 *                                 protocolName:nullable string leader:nullable string stateTimestamp:int64
 *                                 members:int32 count, each { memberId:string instanceId:nullable string clientId:string
 *                                 clientHost:string sessionTimeout:int32 rebalanceTimeout:int32 subscription:bytes assignment:bytes }
 *   type 3 pending transactional offset
 *                          key: group:string producerId:int64 topic:string partition:int32
 *                          value: same as type 1
 *
 * A null value is a tombstone (offset expired/deleted, group deleted, pending offset resolved).
 * Committing a transaction writes the type-1 records and type-3 tombstones in one append, so a
 * compacted log never loses a committed offset to a pending one.
 */
export const OFFSETS_TOPIC = '__consumer_offsets';

export interface StoredOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
}

export interface StoredMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface StoredGroup {
  protocolType: string | null;
  generationId: number;
  protocolName: string | null;
  leaderId: string | null;
  stateTimestamp: number;
  members: StoredMember[];
}

export type OffsetsKey =
  | { type: 'offset'; groupId: string; topic: string; partition: number }
  | { type: 'group'; groupId: string }
  | { type: 'pending'; groupId: string; producerId: number; topic: string; partition: number };

const TYPE_OFFSET = 1;
const TYPE_GROUP = 2;
const TYPE_PENDING = 3;
const VALUE_VERSION = 1;

export function encodeOffsetsKey(key: OffsetsKey): Buffer {
  const w = new ByteWriter(64);
  switch (key.type) {
    case 'offset':
      w.int16(TYPE_OFFSET).string(key.groupId).string(key.topic).int32(key.partition);
      break;
    case 'group':
      w.int16(TYPE_GROUP).string(key.groupId);
      break;
    case 'pending':
      w.int16(TYPE_PENDING).string(key.groupId).int64(key.producerId).string(key.topic).int32(key.partition);
      break;
  }
  return w.toBuffer();
}

/** Decodes a key; undefined for a record type this version does not know (skipped on replay). */
export function decodeOffsetsKey(buf: Buffer): OffsetsKey | undefined {
  const r = new ByteReader(buf);
  const type = r.int16();
  if (type === TYPE_OFFSET) return { type: 'offset', groupId: r.string(), topic: r.string(), partition: r.int32() };
  if (type === TYPE_GROUP) return { type: 'group', groupId: r.string() };
  if (type === TYPE_PENDING) {
    return { type: 'pending', groupId: r.string(), producerId: r.int64(), topic: r.string(), partition: r.int32() };
  }
  return undefined;
}

export function encodeOffsetValue(v: StoredOffset): Buffer {
  return new ByteWriter(32)
    .int16(VALUE_VERSION)
    .int64(v.offset)
    .int32(v.leaderEpoch)
    .nullableString(v.metadata)
    .int64(v.commitTimestamp)
    .toBuffer();
}

export function decodeOffsetValue(buf: Buffer): StoredOffset {
  const r = new ByteReader(buf);
  r.int16();
  return { offset: r.int64(), leaderEpoch: r.int32(), metadata: r.nullableString(), commitTimestamp: r.int64() };
}

export function encodeGroupValue(g: StoredGroup): Buffer {
  const w = new ByteWriter(128)
    .int16(VALUE_VERSION)
    .nullableString(g.protocolType)
    .int32(g.generationId)
    .nullableString(g.protocolName)
    .nullableString(g.leaderId)
    .int64(g.stateTimestamp)
    .int32(g.members.length);
  for (const m of g.members) {
    w.string(m.memberId)
      .nullableString(m.groupInstanceId)
      .string(m.clientId)
      .string(m.clientHost)
      .int32(m.sessionTimeoutMs)
      .int32(m.rebalanceTimeoutMs)
      .bytes(m.subscription)
      .bytes(m.assignment);
  }
  return w.toBuffer();
}

export function decodeGroupValue(buf: Buffer): StoredGroup {
  const r = new ByteReader(buf);
  r.int16();
  const protocolType = r.nullableString();
  const generationId = r.int32();
  const protocolName = r.nullableString();
  const leaderId = r.nullableString();
  const stateTimestamp = r.int64();
  const count = r.int32();
  const members: StoredMember[] = [];
  for (let i = 0; i < count; i++) {
    members.push({
      memberId: r.string(),
      groupInstanceId: r.nullableString(),
      clientId: r.string(),
      clientHost: r.string(),
      sessionTimeoutMs: r.int32(),
      rebalanceTimeoutMs: r.int32(),
      subscription: Buffer.from(r.bytes()),
      assignment: Buffer.from(r.bytes()),
    });
  }
  return { protocolType, generationId, protocolName, leaderId, stateTimestamp, members };
}

export function offsetRecord(groupId: string, topic: string, partition: number, v: StoredOffset | null): InternalRecord {
  return {
    key: encodeOffsetsKey({ type: 'offset', groupId, topic, partition }),
    value: v === null ? null : encodeOffsetValue(v),
  };
}
