/** One key/value record of an internal topic (a null value is a tombstone for compaction). */
export interface InternalRecord {
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * What the coordinators need from storage for their internal topics (`__consumer_offsets`,
 * `__transaction_state`). `append` must be atomic for the whole array (one batch) and durable
 * when it resolves; `replay` delivers every retained record of the partition in offset order.
 */
export interface InternalLog {
  append(topic: string, partition: number, records: readonly InternalRecord[]): Promise<number>;
  replay(topic: string, partition: number, onRecord: (record: InternalRecord, offset: number) => void): Promise<void>;
}

/**
 * Writes a transaction marker (a COMMIT/ABORT control batch) to a data partition, which must run it
 * through that partition's producer state like any append. Resolves with the marker's offset.
 */
export interface PartitionMarkerWriter {
  writeControlMarker(
    topic: string,
    partition: number,
    kind: 'commit' | 'abort',
    producerId: number,
    producerEpoch: number,
    coordinatorEpoch: number,
  ): Promise<number>;
}

/** Internal log held in memory (tests, and an ephemeral embedded log); no compaction. */
export class InMemoryInternalLog implements InternalLog {
  private readonly partitions = new Map<string, InternalRecord[]>();

  async append(topic: string, partition: number, records: readonly InternalRecord[]): Promise<number> {
    const log = this.log(topic, partition);
    const base = log.length;
    for (const r of records) log.push({ key: r.key, value: r.value });
    return base;
  }

  async replay(topic: string, partition: number, onRecord: (record: InternalRecord, offset: number) => void): Promise<void> {
    const log = this.partitions.get(`${topic}/${partition}`) ?? [];
    log.forEach((r, offset) => onRecord(r, offset));
  }

  /** Records of one partition (for tests that look at what was persisted). */
  records(topic: string, partition: number): readonly InternalRecord[] {
    return this.partitions.get(`${topic}/${partition}`) ?? [];
  }

  private log(topic: string, partition: number): InternalRecord[] {
    const key = `${topic}/${partition}`;
    let log = this.partitions.get(key);
    if (log === undefined) {
      log = [];
      this.partitions.set(key, log);
    }
    return log;
  }
}

/** Kafka's partitioning of coordinator keys: `Utils.abs(key.hashCode()) % partitions` with Java's String.hashCode. */
export function coordinatorPartitionFor(key: string, partitions: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  const abs = h === -2147483648 ? 0 : Math.abs(h);
  return abs % partitions;
}
