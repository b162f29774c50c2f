import { SerializationError } from '../errors/streams-errors.js';
import { Windowed, windowed } from '../dsl/windowed.js';
import { resolveSerde, type DefaultAwareSerde, type Serde } from './serde.js';

const MAX = Number.MAX_SAFE_INTEGER;

function innerBytes<K>(inner: Serde<K>, topic: string, key: K): Buffer {
  const b = inner.serialize(topic, key);
  if (b === null) throw new SerializationError('windowed serde: the inner key serialized to null');
  return b;
}

/**
 * Kafka's TimeWindowedSerde layout: `<key bytes><8-byte window start>`. The end is not on the
 * wire, so the deserializer needs the window size (end = start + size, capped).
 */
export function timeWindowedSerde<K>(inner: Serde<K> | undefined, windowSizeMs: number): Serde<Windowed<K>> {
  const serde = inner;
  const s: Serde<Windowed<K>> & DefaultAwareSerde = {
    serialize(topic, data) {
      if (data === null || data === undefined) return null;
      const k = innerBytes(serde!, topic, data.key);
      const out = Buffer.allocUnsafe(k.length + 8);
      k.copy(out, 0);
      out.writeBigInt64BE(BigInt(data.window.start), k.length);
      return out;
    },
    deserialize(topic, data) {
      if (data === null || data === undefined) return null;
      if (data.length < 8) throw new SerializationError('time-windowed key shorter than 8 bytes');
      const start = Number(data.readBigInt64BE(data.length - 8));
      const key = serde!.deserialize(topic, data.subarray(0, data.length - 8)) as K;
      return windowed(key, start, Math.min(MAX, start + windowSizeMs));
    },
    withDefaults(defaultKey) {
      return timeWindowedSerde(resolveSerde(inner as Serde<unknown> | undefined, defaultKey, [defaultKey, defaultKey]) as Serde<K>, windowSizeMs) as Serde<unknown>;
    },
  };
  return s;
}

/** Kafka's SessionWindowedSerde layout: `<key bytes><8-byte end><8-byte start>`. */
export function sessionWindowedSerde<K>(inner: Serde<K> | undefined): Serde<Windowed<K>> {
  const s: Serde<Windowed<K>> & DefaultAwareSerde = {
    serialize(topic, data) {
      if (data === null || data === undefined) return null;
      const k = innerBytes(inner!, topic, data.key);
      const out = Buffer.allocUnsafe(k.length + 16);
      k.copy(out, 0);
      out.writeBigInt64BE(BigInt(data.window.end), k.length);
      out.writeBigInt64BE(BigInt(data.window.start), k.length + 8);
      return out;
    },
    deserialize(topic, data) {
      if (data === null || data === undefined) return null;
      if (data.length < 16) throw new SerializationError('session-windowed key shorter than 16 bytes');
      const end = Number(data.readBigInt64BE(data.length - 16));
      const start = Number(data.readBigInt64BE(data.length - 8));
      return windowed(inner!.deserialize(topic, data.subarray(0, data.length - 16)) as K, start, end);
    },
    withDefaults(defaultKey) {
      return sessionWindowedSerde(resolveSerde(inner as Serde<unknown> | undefined, defaultKey, [defaultKey, defaultKey]) as Serde<K>) as Serde<unknown>;
    },
  };
  return s;
}

export const WindowedSerdes = {
  timeWindowedSerdeFrom<K>(inner: Serde<K>, windowSizeMs: number): Serde<Windowed<K>> {
    return timeWindowedSerde(inner, windowSizeMs);
  },
  sessionWindowedSerdeFrom<K>(inner: Serde<K>): Serde<Windowed<K>> {
    return sessionWindowedSerde(inner);
  },
};

export { Windowed };
