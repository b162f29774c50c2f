const ENTRY_BYTES = 8;

/**
 * Sparse map from a batch's base offset (relative to the segment) to its file position, kept in
 * memory and written as Kafka's `.index` layout (int32 relative offset, int32 position).
 */
export class OffsetIndex {
  private readonly rel: number[] = [];
  private readonly pos: number[] = [];

  /** Ignores an entry that would not keep the index strictly increasing. */
  add(relOffset: number, position: number): void {
    const n = this.rel.length;
    if (n > 0 && (relOffset <= this.rel[n - 1]! || position <= this.pos[n - 1]!)) return;
    this.rel.push(relOffset);
    this.pos.push(position);
  }

  /** The last entry, or undefined when empty. */
  last(): { relOffset: number; position: number } | undefined {
    const n = this.rel.length;
    return n === 0 ? undefined : { relOffset: this.rel[n - 1]!, position: this.pos[n - 1]! };
  }

  /** File position of the last indexed batch starting at or before `relOffset` (0 if none). */
  lookup(relOffset: number): number {
    let lo = 0;
    let hi = this.rel.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rel[mid]! <= relOffset) {
        found = this.pos[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  encode(): Buffer {
    const buf = Buffer.allocUnsafe(this.rel.length * ENTRY_BYTES);
    for (let i = 0; i < this.rel.length; i++) {
      buf.writeInt32BE(this.rel[i]!, i * ENTRY_BYTES);
      buf.writeInt32BE(this.pos[i]!, i * ENTRY_BYTES + 4);
    }
    return buf;
  }

  /** Parses a `.index` file; undefined when it is not strictly increasing within `fileSize`. */
  static decode(buf: Buffer, fileSize: number): OffsetIndex | undefined {
    if (buf.length % ENTRY_BYTES !== 0) return undefined;
    const index = new OffsetIndex();
    for (let at = 0; at < buf.length; at += ENTRY_BYTES) {
      const rel = buf.readInt32BE(at);
      const pos = buf.readInt32BE(at + 4);
      const prev = index.last();
      if (rel < 0 || pos < 0 || pos >= fileSize) return undefined;
      if (prev && (rel <= prev.relOffset || pos <= prev.position)) return undefined;
      index.add(rel, pos);
    }
    return index;
  }
}
