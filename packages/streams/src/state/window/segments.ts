import type { BytesStore } from '../bytes-store.js';
import { InMemoryBytesStore } from '../in-memory-bytes-store.js';
import type { KeyValue } from '../key-value.js';
import { orderedTime } from './window-key-schema.js';

/**
 * Time-partitioned sorted maps: entries live in the segment of their time (window start for
 * window stores, session end for session stores), so expiring old data drops whole segments.
 * Engine keys start with the 8-byte ordered time. Each segment is a byte engine: in memory by
 * default; the persistent stores pass a factory for one LevelDB per segment.
 */
export class Segments<S extends BytesStore = BytesStore> {
  protected readonly byId = new Map<number, S>();
  protected ids: number[] = [];

  constructor(
    protected readonly name: string,
    readonly segmentIntervalMs: number,
    private readonly create: (id: number) => S = (id) => inMemorySegment(`${name}.${id}`) as unknown as S,
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
      seg = this.create(id);
      this.adopt(id, seg);
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

  /** Adds an existing segment (reopened from disk). */
  protected adopt(id: number, seg: S): void {
    this.byId.set(id, seg);
    this.ids.push(id);
    this.ids.sort((a, b) => a - b);
  }

  /** Drops every segment whose whole time span is <= `expiredUpTo`. */
  dropUpTo(expiredUpTo: number): void {
    while (this.ids.length > 0 && (this.ids[0]! + 1) * this.segmentIntervalMs - 1 <= expiredUpTo) {
      const id = this.ids.shift()!;
      const seg = this.byId.get(id)!;
      this.byId.delete(id);
      this.retire(id, seg);
    }
  }

  /** What happens to a dropped segment; persistent segments defer deleting it from disk. */
  protected retire(_id: number, seg: S): void {
    seg.close();
  }

  /** The segments, oldest first. */
  protected all(): S[] {
    return this.ids.map((id) => this.byId.get(id)!);
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

function inMemorySegment(name: string): InMemoryBytesStore {
  const seg = new InMemoryBytesStore(name);
  seg.init();
  return seg;
}

export function defaultSegmentInterval(retentionMs: number): number {
  return Math.max(1, Math.floor(retentionMs / 2));
}
