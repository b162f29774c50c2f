import { createHash } from 'node:crypto';
import { resolveSerde, type DefaultAwareSerde, type Serde } from '../../serdes/serde.js';

/** What the left side asks of the right side for one primary key (Kafka's subscription instructions). */
export type SubscriptionInstruction =
  | 'DELETE_KEY_NO_PROPAGATE'
  | 'DELETE_KEY_AND_PROPAGATE'
  | 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE'
  | 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE';
const INSTRUCTIONS: SubscriptionInstruction[] = ['DELETE_KEY_NO_PROPAGATE', 'DELETE_KEY_AND_PROPAGATE', 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE', 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE'];

export interface Subscription<K> {
  readonly instruction: SubscriptionInstruction;
  /** Hash of the left value that sent it (null for deletes); responses carry it back. */
  readonly hash: Buffer | null;
  readonly primaryKey: K;
  readonly primaryKeyBytes: Buffer;
  readonly primaryPartition: number;
}

export interface SubscriptionResponse<VO> {
  readonly hash: Buffer | null;
  readonly foreignValue: VO | null;
}

/** 128-bit fingerprint of the left value's serialized bytes: a response whose hash differs is stale. */
export function valueHash(bytes: Buffer | null): Buffer | null {
  return bytes === null ? null : createHash('md5').update(bytes).digest();
}

function sameHash(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
export { sameHash };

// Layout (ours): instruction(1) hasHash(1) [hash(16)] partition(4) primaryKey bytes.
export function subscriptionSerde<K>(primaryKeySerde: Serde<K> | undefined): Serde<Subscription<K>> & DefaultAwareSerde {
  const pk = primaryKeySerde;
  return {
    withDefaults: (dk, dv) => subscriptionSerde(resolveSerde(pk as Serde<unknown> | undefined, dk, [dk, dv]) as Serde<K>),
    serialize(_topic, s) {
      if (s === null || s === undefined) return null;
      const head = Buffer.alloc(2 + (s.hash === null ? 0 : 16) + 4);
      head[0] = INSTRUCTIONS.indexOf(s.instruction);
      head[1] = s.hash === null ? 0 : 1;
      if (s.hash !== null) s.hash.copy(head, 2);
      head.writeInt32BE(s.primaryPartition, head.length - 4);
      return Buffer.concat([head, s.primaryKeyBytes]);
    },
    deserialize(topic, b) {
      if (b === null || b === undefined) return null;
      const hasHash = b[1] === 1;
      const o = hasHash ? 18 : 2;
      const primaryKeyBytes = Buffer.from(b.subarray(o + 4));
      return {
        instruction: INSTRUCTIONS[b[0]!]!,
        hash: hasHash ? Buffer.from(b.subarray(2, 18)) : null,
        primaryPartition: b.readInt32BE(o),
        primaryKeyBytes,
        primaryKey: pk!.deserialize(topic, primaryKeyBytes) as K,
      };
    },
  };
}

// Layout (ours): hasHash(1) [hash(16)] hasValue(1) value bytes.
export function responseSerde<VO>(foreignValueSerde: Serde<VO> | undefined): Serde<SubscriptionResponse<VO>> & DefaultAwareSerde {
  const vs = foreignValueSerde;
  return {
    withDefaults: (dk, dv) => responseSerde(resolveSerde(vs as Serde<unknown> | undefined, dv, [dk, dv]) as Serde<VO>),
    serialize(topic, r) {
      if (r === null || r === undefined) return null;
      const v = r.foreignValue === null ? null : vs!.serialize(topic, r.foreignValue);
      const head = Buffer.alloc(2 + (r.hash === null ? 0 : 16));
      head[0] = r.hash === null ? 0 : 1;
      if (r.hash !== null) r.hash.copy(head, 1);
      head[head.length - 1] = v === null ? 0 : 1;
      return v === null ? head : Buffer.concat([head, v]);
    },
    deserialize(topic, b) {
      if (b === null || b === undefined) return null;
      const hasHash = b[0] === 1;
      const o = hasHash ? 17 : 1;
      return {
        hash: hasHash ? Buffer.from(b.subarray(1, 17)) : null,
        foreignValue: b[o] === 1 ? (vs!.deserialize(topic, b.subarray(o + 1)) as VO) : null,
      };
    },
  };
}

/** Subscription store key: fkLength(4) fk primaryKey, so one foreign key's subscribers are a prefix range. */
export function combinedKey(fk: Buffer, pk: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + fk.length + pk.length);
  out.writeInt32BE(fk.length, 0);
  fk.copy(out, 4);
  pk.copy(out, 4 + fk.length);
  return out;
}
export function combinedKeyPrefix(fk: Buffer): { from: Buffer; to: Buffer } {
  const from = Buffer.allocUnsafe(4 + fk.length);
  from.writeInt32BE(fk.length, 0);
  fk.copy(from, 4);
  // Every key with this prefix sorts at or below prefix + 0xff...: bound with a long run of 0xff.
  return { from, to: Buffer.concat([from, Buffer.alloc(64, 0xff)]) };
}
