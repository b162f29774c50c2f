import { SerializationError } from '../errors/streams-errors.js';
import type { Serde } from './serde.js';

function fixed<T>(size: number, name: string, write: (b: Buffer, v: T) => void, read: (b: Buffer) => T): Serde<T> {
  return {
    serialize(_topic, data) {
      if (data === null || data === undefined) return null;
      const b = Buffer.allocUnsafe(size);
      write(b, data);
      return b;
    },
    deserialize(topic, data) {
      if (data === null || data === undefined) return null;
      if (data.length !== size) {
        throw new SerializationError(`${name} serde expects ${size} bytes but got ${data.length} (topic ${topic})`);
      }
      return read(data);
    },
  };
}

const stringSerde: Serde<string> = {
  serialize: (_t, data) => (data === null || data === undefined ? null : Buffer.from(data, 'utf8')),
  deserialize: (_t, data) => (data === null || data === undefined ? null : data.toString('utf8')),
};

/** Kafka's IntegerSerde: 4-byte big-endian signed int. */
const int32Serde = fixed<number>(4, 'Integer', (b, v) => {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new SerializationError(`not an int32: ${v}`);
  b.writeInt32BE(v, 0);
}, (b) => b.readInt32BE(0));

/** Kafka's LongSerde: 8-byte big-endian signed int, limited to safe JS integers. */
const int64Serde = fixed<number>(8, 'Long', (b, v) => {
  if (!Number.isSafeInteger(v)) throw new SerializationError(`not a safe int64: ${v}`);
  b.writeBigInt64BE(BigInt(v), 0);
}, (b) => {
  const v = b.readBigInt64BE(0);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SerializationError(`int64 ${v} is outside the safe JS integer range`);
  }
  return Number(v);
});

/** Kafka's DoubleSerde: 8-byte big-endian IEEE 754. */
const doubleSerde = fixed<number>(8, 'Double', (b, v) => b.writeDoubleBE(v, 0), (b) => b.readDoubleBE(0));

const bytesSerde: Serde<Buffer> = {
  serialize: (_t, data) => data ?? null,
  deserialize: (_t, data) => data ?? null,
};

const voidSerde: Serde<null> = {
  serialize: () => null,
  deserialize: (topic, data) => {
    if (data !== null && data !== undefined && data.length > 0) throw new SerializationError(`Void serde got bytes (topic ${topic})`);
    return null;
  },
};

export interface JsonSerdeOptions<T> {
  /** A type guard (or validator returning boolean) run on every decoded value. */
  validate?: (value: unknown) => value is T;
}

function json<T>(options: JsonSerdeOptions<T> = {}): Serde<T> {
  const validate = options.validate;
  return {
    serialize(_topic, data) {
      if (data === null || data === undefined) return null;
      return Buffer.from(JSON.stringify(data), 'utf8');
    },
    deserialize(topic, data) {
      if (data === null || data === undefined) return null;
      let value: unknown;
      try {
        value = JSON.parse(data.toString('utf8'));
      } catch (cause) {
        throw new SerializationError(`invalid JSON on topic ${topic}`, { cause });
      }
      if (validate !== undefined && !validate(value)) throw new SerializationError(`JSON value on topic ${topic} failed validation`);
      return value as T;
    },
  };
}

/** Built-in serdes; big-endian fixed-width numbers exactly like Kafka's. */
export const Serdes = {
  String: (): Serde<string> => stringSerde,
  /** int32, Kafka's IntegerSerde. */
  Integer: (): Serde<number> => int32Serde,
  /** int64, Kafka's LongSerde (safe JS integers only). */
  Long: (): Serde<number> => int64Serde,
  /** float64, Kafka's DoubleSerde. */
  Double: (): Serde<number> => doubleSerde,
  /** Any JS number, stored as a double. */
  Number: (): Serde<number> => doubleSerde,
  Bytes: (): Serde<Buffer> => bytesSerde,
  Void: (): Serde<null> => voidSerde,
  Json: json,
  /** A user-defined serde from two functions. */
  from<T>(serialize: (data: T) => Buffer, deserialize: (data: Buffer) => T): Serde<T> {
    return {
      serialize: (_t, data) => (data === null || data === undefined ? null : serialize(data)),
      deserialize: (_t, data) => (data === null || data === undefined ? null : deserialize(data)),
    };
  },
};
