import { WriteThroughStoreBuilder } from '../write-through-store-builder.js';
import { deserialize as v8Deserialize, serialize as v8Serialize } from 'node:v8';
import { resolveSerde, type Serde } from '../../serdes/serde.js';
import type { StateStore, StateStoreContext } from '../state-store.js';

/**
 * A processor's own bookkeeping (last emitted close time, buffered records), kept in memory
 * and changelogged: every put writes its key's changelog record (null = tombstone), and the
 * runtime restores it, like the other self-restoring stores, before the processor initializes.
 * Keys and values are raw bytes the owning processor lays out. It encodes record keys and values
 * it must keep with encodeKey / encodeValue: one codec byte, then the serde's bytes (0) or, when
 * neither the operator nor the config gave a serde (these operators never needed one before),
 * Node's structured-clone serialization (1).
 */
export class InMemoryProcessorStateStore<K = unknown, V = unknown> implements StateStore {
  readonly persistent = false;
  // latin1 strings compare like unsigned bytes, so sorting them gives byte order.
  private readonly map = new Map<string, Buffer>();
  private open = false;
  private context: StateStoreContext | null = null;
  private keySerdeResolved: Serde<K> | null = null;
  private valueSerdeResolved: Serde<V> | null = null;
  private keySerdeKnown = false;
  private valueSerdeKnown = false;

  constructor(
    readonly name: string,
    private readonly changelogTopic: string | null,
    private readonly keySerdeOpt: Serde<K> | undefined,
    private readonly valueSerdeOpt: Serde<V> | undefined,
  ) {}

  init(context: StateStoreContext): void {
    this.context = context;
    const defaults: [Serde<unknown>, Serde<unknown>] = [context.defaultKeySerde, context.defaultValueSerde];
    this.keySerdeResolved = resolveSerde(this.keySerdeOpt as Serde<unknown> | undefined, context.defaultKeySerde, defaults) as Serde<K>;
    this.valueSerdeResolved = resolveSerde(this.valueSerdeOpt as Serde<unknown> | undefined, context.defaultValueSerde, defaults) as Serde<V>;
    this.keySerdeKnown = this.keySerdeOpt !== undefined || serializesNull(context.defaultKeySerde);
    this.valueSerdeKnown = this.valueSerdeOpt !== undefined || serializesNull(context.defaultValueSerde);
    this.open = true;
  }
  flush(): void {}
  close(): void {
    this.open = false;
  }
  isOpen(): boolean {
    return this.open;
  }

  encodeKey(key: K): Buffer {
    return encode(this.name, key, this.keySerdeKnown ? this.keySerdeResolved! : null);
  }
  decodeKey(bytes: Buffer): K {
    return decode(this.name, bytes, this.keySerdeResolved!) as K;
  }
  encodeValue(value: V): Buffer {
    return encode(this.name, value, this.valueSerdeKnown ? this.valueSerdeResolved! : null);
  }
  decodeValue(bytes: Buffer): V {
    return decode(this.name, bytes, this.valueSerdeResolved!) as V;
  }

  get(key: Buffer): Buffer | null {
    return this.map.get(key.toString('latin1')) ?? null;
  }

  /** Writes through to the changelog; a null value deletes the key. */
  put(key: Buffer, value: Buffer | null): void {
    this.apply(key, value);
    const ctx = this.context;
    if (ctx === null || this.changelogTopic === null) return;
    ctx.changelogSink.send({ store: this.name, topic: this.changelogTopic, partition: ctx.partition, key, value, timestamp: ctx.currentTimestamp() });
  }

  /** Every entry in key byte order (restoration order does not matter to the reader). */
  entries(): { key: Buffer; value: Buffer }[] {
    return [...this.map.keys()].sort().map((k) => ({ key: Buffer.from(k, 'latin1'), value: this.map.get(k)! }));
  }

  approximateNumEntries(): number {
    return this.map.size;
  }

  /** Applies one changelog record (the runtime calls this before init). */
  restore(changelogKey: Buffer, value: Buffer | null): void {
    this.apply(changelogKey, value);
  }

  private apply(key: Buffer, value: Buffer | null): void {
    const k = key.toString('latin1');
    if (value === null) this.map.delete(k);
    else this.map.set(k, Buffer.from(value));
  }
}

function encode<T>(store: string, data: T, serde: Serde<T> | null): Buffer {
  if (serde === null) return Buffer.concat([Buffer.from([1]), v8Serialize(data)]);
  const bytes = serde.serialize(store, data);
  if (bytes === null) throw new TypeError(`store ${store}: a buffered key or value serialized to null`);
  return Buffer.concat([Buffer.from([0]), bytes]);
}

function decode<T>(store: string, bytes: Buffer, serde: Serde<T>): T | null {
  return bytes[0] === 1 ? (v8Deserialize(bytes.subarray(1)) as T) : serde.deserialize(store, bytes.subarray(1));
}

/** Every real serde maps null to null; the runtime's "no serde configured" placeholder throws. */
function serializesNull(serde: Serde<unknown>): boolean {
  try {
    serde.serialize('', null);
    return true;
  } catch {
    return false;
  }
}

/**
 * The recipe for a processor's internal state store (shape of a store builder; never cached).
 * Its changelog is `<applicationId>-<name>-changelog` like every store's. Kafka keeps some of
 * this state elsewhere (the emit-on-close time in the commit's metadata) and so shows no store in
 * `describe()`; `hiddenInDescription` keeps our description equal to Kafka's there.
 */
export class ProcessorStateStoreBuilder<K = unknown, V = unknown> extends WriteThroughStoreBuilder {
  constructor(
    name: string,
    readonly keySerde: Serde<K> | undefined = undefined,
    readonly valueSerde: Serde<V> | undefined = undefined,
    readonly hiddenInDescription = false,
  ) {
    super(name);
  }
  get timestamped(): boolean {
    return false;
  }
  build(options: { changelogTopic: string | null }): InMemoryProcessorStateStore<K, V> {
    return new InMemoryProcessorStateStore<K, V>(this.name, this.logging ? options.changelogTopic : null, this.keySerde, this.valueSerde);
  }
}
