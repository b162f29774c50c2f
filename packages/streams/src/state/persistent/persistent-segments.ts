import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import { Segments } from '../window/segments.js';
import { ClassicLevelBytesStore } from './classic-level-bytes-store.js';

/** Store-wide numbers kept beside the segments (max time seen, duplicate sequence). */
export interface SegmentsMeta {
  readonly observed: number;
  readonly seq: number;
}

const META_FILE = 'segments.json';

/**
 * Time segments on disk, one LevelDB per segment in `<directory>/<store>.<segment start ms>`
 * (Kafka's segmented RocksDB layout). One database per segment, rather than key-prefixed
 * segments in one database, because LevelDB has no native range delete: clearing a prefix
 * rewrites a tombstone per key and leaves compaction to reclaim it, while expiring a segment
 * here is closing it and deleting its directory. Dropped segments are deleted from disk only at
 * the next `persist()`, so the disk never runs ahead of the acknowledged changelog.
 */
export class PersistentSegments extends Segments<ClassicLevelBytesStore> {
  private retired: { dir: string; seg: ClassicLevelBytesStore }[] = [];
  private sealedMeta: SegmentsMeta | null = null;
  private lastPersist: Promise<void> = Promise.resolve();
  private error: unknown = null;
  private opened = false;

  constructor(
    name: string,
    segmentIntervalMs: number,
    readonly directory: string,
  ) {
    super(name, segmentIntervalMs, (id) => {
      const seg = new ClassicLevelBytesStore(`${name}.${id * segmentIntervalMs}`, join(directory, segmentDirName(name, id, segmentIntervalMs)));
      seg.openEmpty(); // a new segment: nothing on disk yet, and the put creating it is synchronous
      return seg;
    });
  }

  get isDiskOpen(): boolean {
    return this.opened;
  }

  /** Opens every segment directory found and returns the stored meta (null when none was written). */
  async open(): Promise<SegmentsMeta | null> {
    await mkdir(this.directory, { recursive: true });
    const prefix = `${this.name}.`;
    for (const e of await readdir(this.directory, { withFileTypes: true })) {
      if (!e.isDirectory() || !e.name.startsWith(prefix)) continue;
      const start = Number(e.name.slice(prefix.length));
      if (!Number.isSafeInteger(start)) continue;
      if (start % this.segmentIntervalMs !== 0) {
        throw new InvalidStateStoreError(`store ${this.name}: segment ${e.name} does not match the segment interval ${this.segmentIntervalMs} ms (retention changed?); reset the local state`);
      }
      const seg = new ClassicLevelBytesStore(e.name, join(this.directory, e.name));
      await seg.open();
      this.adopt(start / this.segmentIntervalMs, seg);
    }
    this.opened = true;
    try {
      const m = JSON.parse(await readFile(join(this.directory, META_FILE), 'utf8')) as Partial<SegmentsMeta>;
      return typeof m.observed === 'number' && typeof m.seq === 'number' ? { observed: m.observed, seq: m.seq } : null;
    } catch {
      return null;
    }
  }

  /** Live segments, oldest first. */
  segments(): ClassicLevelBytesStore[] {
    return this.all();
  }

  /** Seals every segment's writes together with the store's meta; all reach disk at `persist()`. */
  seal(meta: SegmentsMeta): void {
    if (this.error !== null) throw this.error;
    for (const s of this.all()) s.flush();
    this.sealedMeta = meta;
  }

  /** Writes sealed data, then deletes dropped segments and writes the meta. Never rejects. */
  persist(): Promise<void> {
    // Each segment takes its sealed writes now (synchronously), in this persist's order.
    const segs = this.all();
    const writes = segs.map((s) => s.persist());
    const retired = this.retired;
    this.retired = [];
    const meta = this.sealedMeta;
    this.sealedMeta = null;
    this.lastPersist = this.lastPersist
      .then(async () => {
        await Promise.all(writes);
        for (const s of segs) await s.flushed(); // surfaces a failed write
        for (const r of retired) {
          await r.seg.abandon().catch(() => undefined);
          await rm(r.dir, { recursive: true, force: true });
        }
        if (meta !== null) {
          const file = join(this.directory, META_FILE);
          await writeFile(`${file}.tmp`, JSON.stringify(meta));
          await rename(`${file}.tmp`, file);
        }
      })
      .catch((error: unknown) => {
        this.error ??= error;
      });
    return this.lastPersist;
  }

  async flushed(): Promise<void> {
    await this.persist();
    if (this.error !== null) throw this.error;
  }

  /** Clean close (after `seal`): persists everything and closes every database. */
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    await this.persist();
    const segs = this.all();
    this.clear();
    for (const s of segs) {
      s.close();
      await s.flushed().catch(() => undefined);
    }
    if (this.error !== null) throw this.error;
  }

  /** Dirty close: unpersisted writes and drops are forgotten. */
  async abandon(): Promise<void> {
    this.opened = false;
    const segs = [...this.all(), ...this.retired.map((r) => r.seg)];
    this.retired = [];
    this.sealedMeta = null;
    this.clear();
    await this.lastPersist;
    for (const s of segs) await s.abandon().catch(() => undefined);
  }

  protected override retire(id: number, seg: ClassicLevelBytesStore): void {
    this.retired.push({ dir: join(this.directory, segmentDirName(this.name, id, this.segmentIntervalMs)), seg });
  }
}

function segmentDirName(name: string, id: number, interval: number): string {
  return `${name}.${id * interval}`;
}

/** Kafka's segment interval for persistent window and session stores: max(retention / 2, 60 s). */
export function persistentSegmentInterval(retentionMs: number): number {
  return Math.max(Math.floor(retentionMs / 2), 60_000);
}
