import { EMPTY_HEADERS, type Headers } from '../processor/headers.js';

/** A record as read from (or piped into) a test topic. */
export interface TestRecord<K, V> {
  readonly key: K | null;
  readonly value: V | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

export function testRecord<K, V>(key: K | null, value: V | null, timestamp: number, headers: Headers = EMPTY_HEADERS): TestRecord<K, V> {
  return { key, value, timestamp, headers };
}
