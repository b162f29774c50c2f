import { StreamsArgumentError } from '../errors/streams-errors.js';
import type { Headers } from '../processor/headers.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../state/key-value.js';
import type { TestRecord } from './test-record.js';

export interface CapturedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
  readonly partition: number | undefined;
}

/** Reads what the topology wrote to one topic, in order. */
export class TestOutputTopic<K, V> {
  /** @internal */
  constructor(
    private readonly queue: CapturedRecord[],
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  isEmpty(): boolean {
    return this.queue.length === 0;
  }
  getQueueSize(): number {
    return this.queue.length;
  }

  readRecord(): TestRecord<K, V> {
    const r = this.queue.shift();
    if (r === undefined) throw new StreamsArgumentError(`no record left in output topic ${this.name}`);
    return {
      key: this.keySerde.deserialize(this.name, r.key, r.headers),
      value: this.valueSerde.deserialize(this.name, r.value, r.headers),
      timestamp: r.timestamp,
      headers: r.headers,
    };
  }
  readKeyValue(): KeyValue<K | null, V | null> {
    const r = this.readRecord();
    return { key: r.key, value: r.value };
  }
  readValue(): V | null {
    return this.readRecord().value;
  }
  readRecordsToList(): TestRecord<K, V>[] {
    const out: TestRecord<K, V>[] = [];
    while (!this.isEmpty()) out.push(this.readRecord());
    return out;
  }
  readKeyValuesToList(): KeyValue<K | null, V | null>[] {
    return this.readRecordsToList().map((r) => ({ key: r.key, value: r.value }));
  }
  readValuesToList(): (V | null)[] {
    return this.readRecordsToList().map((r) => r.value);
  }
  /** The last value per key; a tombstone removes the key. */
  readKeyValuesToMap(): Map<K | null, V> {
    const m = new Map<K | null, V>();
    for (const r of this.readRecordsToList()) {
      if (r.value === null) m.delete(r.key);
      else m.set(r.key, r.value);
    }
    return m;
  }
}
