const ENTRY_BYTES = 12;

/**
 * Sparse map from "largest timestamp so far" to the last offset it covers, kept in memory and
 * written as Kafka's `.timeindex` layout (int64 timestamp, int32 relative offset). Every record
 * at or before an entry's offset has a timestamp at or below the entry's.
 */
export class TimeIndex {
  private readonly ts: number[] = [];
  private readonly rel: number[] = [];

  /** Adds an entry when it raises the maximum (entries stay strictly increasing). */
  maybeAdd(timestamp: number, relOffset: number): void {
    const n = this.ts.length;
    if (n > 0 && (timestamp <= this.ts[n - 1]! || relOffset < this.rel[n - 1]!)) return;
    this.ts.push(timestamp);
    this.rel.push(relOffset);
  }

  last(): { timestamp: number; relOffset: number } | undefined {
    const n = this.ts.length;
    return n === 0 ? undefined : { timestamp: this.ts[n - 1]!, relOffset: this.rel[n - 1]! };
  }

  /**
   * Relative offset after which a search for the first timestamp ≥ `timestamp` may start: the
   * largest entry whose timestamp is below it (-1: start at the segment's beginning).
   */
  lookupBelow(timestamp: number): number {
    let lo = 0;
    let hi = this.ts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid]! < timestamp) {
        found = this.rel[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  encode(): Buffer {
    const buf = Buffer.allocUnsafe(this.ts.length * ENTRY_BYTES);
    for (let i = 0; i < this.ts.length; i++) {
      buf.writeBigInt64BE(BigInt(this.ts[i]!), i * ENTRY_BYTES);
      buf.writeInt32BE(this.rel[i]!, i * ENTRY_BYTES + 8);
    }
    return buf;
  }

  /** Parses a `.timeindex` file; undefined when malformed. */
  static decode(buf: Buffer): TimeIndex | undefined {
    if (buf.length % ENTRY_BYTES !== 0) return undefined;
    const index = new TimeIndex();
    for (let at = 0; at < buf.length; at += ENTRY_BYTES) {
      const ts = Number(buf.readBigInt64BE(at));
      const rel = buf.readInt32BE(at + 8);
      const prev = index.last();
      if (!Number.isSafeInteger(ts) || rel < 0) return undefined;
      if (prev && (ts <= prev.timestamp || rel < prev.relOffset)) return undefined;
      index.maybeAdd(ts, rel);
    }
    return index;
  }
}
