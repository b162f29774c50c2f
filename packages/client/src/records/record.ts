/**
 * Kafka record headers are an ordered list in which keys may repeat; a list (not an object)
 * keeps that shape so adapters can pass headers through untouched.
 */
export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/** A record to produce. Omitted `partition` means "ask the partitioner"; omitted `timestamp` means now. */
export interface ProducerRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch (CreateTime). */
  readonly timestamp?: number;
  readonly partition?: number;
}

/** A record as a consumer sees it, already filtered of control records and aborted transactions. */
export interface ConsumedRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}
