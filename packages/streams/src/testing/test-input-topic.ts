import { StreamsArgumentError } from '../errors/streams-errors.js';
import { EMPTY_HEADERS, type Headers } from '../processor/headers.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../state/key-value.js';
import type { TestRecord } from './test-record.js';

/** What an input topic needs from its driver. */
export interface InputTopicDriver {
  pipeRaw(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Headers): void;
}

/** Pipes typed records into the driver; each pipe is processed to completion before it returns. */
export class TestInputTopic<K, V> {
  private time: number;

  /** @internal */
  constructor(
    private readonly driver: InputTopicDriver,
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    startTimestamp: number,
    private readonly autoAdvanceMs: number,
  ) {
    this.time = startTimestamp;
  }

  /** Moves this topic's next default timestamp forward. */
  advanceTime(ms: number): void {
    if (ms < 0) throw new StreamsArgumentError('advanceTime must not be negative');
    this.time += ms;
  }

  pipeInput(key: K | null, value: V | null, timestamp?: number, headers: Headers = EMPTY_HEADERS): void {
    let ts: number;
    if (timestamp === undefined) {
      ts = this.time;
      this.time += this.autoAdvanceMs;
    } else ts = timestamp;
    this.driver.pipeRaw(
      this.name,
      this.keySerde.serialize(this.name, key, headers),
      this.valueSerde.serialize(this.name, value, headers),
      ts,
      headers,
    );
  }

  pipeValue(value: V | null, timestamp?: number): void {
    this.pipeInput(null, value, timestamp);
  }

  pipeRecord(record: TestRecord<K, V>): void {
    this.pipeInput(record.key, record.value, record.timestamp, record.headers);
  }

  pipeKeyValueList(list: readonly KeyValue<K | null, V | null>[], timestamp?: number, advanceMs = 0): void {
    let ts = timestamp;
    for (const kv of list) {
      this.pipeInput(kv.key, kv.value, ts);
      if (ts !== undefined) ts += advanceMs;
    }
  }

  pipeValueList(list: readonly (V | null)[]): void {
    for (const v of list) this.pipeInput(null, v);
  }
}
