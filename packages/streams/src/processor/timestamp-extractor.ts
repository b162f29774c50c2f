/** Picks the event time of a consumed record; the default uses the record's own timestamp. */
export type TimestampExtractor<K = unknown, V = unknown> = (
  record: { readonly key: K | null; readonly value: V | null; readonly timestamp: number; readonly topic: string },
  partitionTime: number,
) => number;

export const recordTimestampExtractor: TimestampExtractor = (record) => record.timestamp;
