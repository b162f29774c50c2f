import { InMemoryBytesStore } from '../in-memory-bytes-store.js';
import type { KeyValue } from '../key-value.js';
import { orderedTime } from './window-key-schema.js';

/**
 * Time-partitioned sorted maps: entries live in the segment of their time (window start for
 * window stores, session end for session stores), so expiring old data drops whole segments.
 * Engine keys start with the 8-byte ordered time.
 */
export class Segments {
  private readonly byId = new Map<number, InMemoryBytesStore>();
  private ids: number[] = [];

  constructor(
    private readonly name: string,
    readonly segmentIntervalMs: number,
  ) {}

  segmentId(ts: number): number {
    return Math.floor(ts / this.segmentIntervalMs);
  }

  get(ts: number, key: Buffer): Buffer | null {
    return this.byId.get(this.segmentId(ts))?.get(key) ?? null;
  }

  put(ts: number, key: Buffer, value: Buffer | null): void {
    const id = this.segmentId(ts);
    let seg = this.byId.get(id);
    if (seg === undefined) {
      if (value === null) return;
      seg = new InMemoryBytesStore(`${this.name}.${id}`);
      seg.init();
      this.byId.set(id, seg);
      this.ids.push(id);
      this.ids.sort((a, b) => a - b);
    }
    seg.put(key, value);
  }

  /** Entries with time in [from, to], ascending by engine key (time first). */
  range(from: number, to: number): KeyValue<Buffer, Buffer>[] {
    if (to < from) return [];
    const lo = this.segmentId(from);
    const hi = this.segmentId(to);
    const fromKey = orderedTime(from);
    const toKey = orderedTime(to + 1); // exclusive: every real key is longer than this prefix
    const out: KeyValue<Buffer, Buffer>[] = [];
    for (const id of this.ids) {
      if (id < lo || id > hi) continue;
      for (const kv of this.byId.get(id)!.range(fromKey, toKey, false)) {
        if (Buffer.compare(kv.key, toKey) < 0) out.push(kv);
      }
    }
    return out;
  }

  /** Drops every segment whose whole time span is <= `expiredUpTo`. */
  dropUpTo(expiredUpTo: number): void {
    while (this.ids.length > 0 && (this.ids[0]! + 1) * this.segmentIntervalMs - 1 <= expiredUpTo) {
      const id = this.ids.shift()!;
      this.byId.get(id)!.close();
      this.byId.delete(id);
    }
  }

  segmentCount(): number {
    return this.ids.length;
  }

  entryCount(): number {
    let n = 0;
    for (const s of this.byId.values()) n += s.approximateNumEntries();
    return n;
  }

  clear(): void {
    this.byId.clear();
    this.ids = [];
  }
}

export function defaultSegmentInterval(retentionMs: number): number {
  return Math.max(1, Math.floor(retentionMs / 2));
}
