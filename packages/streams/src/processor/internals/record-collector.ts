import type { Headers } from '../headers.js';

/** Where sink nodes send serialized records; the runtime's producer or the test driver's capture. */
export interface RecordCollector {
  /** `record` is a fresh object per call: the collector may keep it as is (no copy needed). */
  send(record: {
    topic: string;
    partition: number | undefined;
    key: Buffer | null;
    value: Buffer | null;
    timestamp: number;
    headers: Headers;
  }): void;
  /** Partition count of an output topic, for custom partitioners; undefined if unknown. */
  partitionsFor(topic: string): number | undefined;
}
