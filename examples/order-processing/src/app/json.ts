import type { ProducerRecord } from '@tributary/client';

/** A keyed JSON record, the shape every topic of the walk-through uses. */
export function jsonRecord(key: string, value: unknown, headers?: ProducerRecord['headers']): ProducerRecord {
  return { key: Buffer.from(key), value: Buffer.from(JSON.stringify(value)), ...(headers === undefined ? {} : { headers }) };
}
