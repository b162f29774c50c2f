import type { Serde } from '../serdes/serde.js';

export interface ValueAndTimestamp<V> {
  readonly value: V;
  readonly timestamp: number;
}

export function valueAndTimestamp<V>(value: V, timestamp: number): ValueAndTimestamp<V> {
  return { value, timestamp };
}

/** Kafka's layout for timestamped stores: 8-byte big-endian timestamp, then the raw value. */
export function valueAndTimestampSerde<V>(inner: Serde<V>): Serde<ValueAndTimestamp<V>> {
  return {
    serialize(topic, data, headers) {
      if (data === null || data === undefined) return null;
      const raw = inner.serialize(topic, data.value, headers);
      if (raw === null) return null;
      const out = Buffer.allocUnsafe(8 + raw.length);
      out.writeBigInt64BE(BigInt(data.timestamp), 0);
      raw.copy(out, 8);
      return out;
    },
    deserialize(topic, data, headers) {
      if (data === null || data === undefined) return null;
      const timestamp = Number(data.readBigInt64BE(0));
      const value = inner.deserialize(topic, data.subarray(8), headers);
      if (value === null) return null;
      return { value, timestamp };
    },
  };
}

/** Reads just the timestamp of a serialized ValueAndTimestamp. */
export function rawTimestamp(data: Buffer): number {
  return Number(data.readBigInt64BE(0));
}
