import type { BytesStore, CacheFlushListener } from './bytes-store.js';
import type { KeyValue } from './key-value.js';
import type { StateStoreContext } from './state-store.js';

interface Dirty {
  value: Buffer | null;
  size: number;
  timestamp: number;
}

/**
 * Holds writes until flush (commit) or until the byte budget is exceeded, so several updates
 * of one key between commits reach the store below, the changelog and downstream only once.
 */
export class CachingBytesStore implements BytesStore {
  readonly name: string;
  private readonly dirty = new Map<string, Dirty>();
  private bytes = 0;
  private listener: CacheFlushListener | null = null;
  private sendOldValues = false;
  private context: StateStoreContext | null = null;

  constructor(
    private readonly inner: BytesStore,
    private readonly maxBytes: number,
  ) {
    this.name = inner.name;
  }

  get persistent(): boolean {
    return this.inner.persistent;
  }
  init(context: StateStoreContext): void {
    this.context = context;
    this.inner.init(context);
  }
  isOpen(): boolean {
    return this.inner.isOpen();
  }
  close(): void {
    this.flush();
    this.inner.close();
  }
  setFlushListener(listener: CacheFlushListener, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  get(key: Buffer): Buffer | null {
    const d = this.dirty.get(key.toString('latin1'));
    return d !== undefined ? d.value : this.inner.get(key);
  }

  put(key: Buffer, value: Buffer | null): void {
    const k = key.toString('latin1');
    const prev = this.dirty.get(k);
    if (prev !== undefined) {
      this.bytes -= prev.size;
      this.dirty.delete(k); // re-insert so the map stays in least-recently-written order
    }
    const size = k.length + (value?.length ?? 0) + 16;
    this.dirty.set(k, { value: value === null ? null : Buffer.from(value), size, timestamp: this.context?.currentTimestamp() ?? 0 });
    this.bytes += size;
    while (this.bytes > this.maxBytes && this.dirty.size > 0) this.evictOldest();
  }

  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[] {
    // Merge the cache over the store; ranges are rare next to point lookups.
    const merged = new Map<string, Buffer | null>();
    for (const kv of this.inner.range(from, to, false)) merged.set(kv.key.toString('latin1'), kv.value);
    const fromK = from?.toString('latin1') ?? null;
    const toK = to?.toString('latin1') ?? null;
    for (const [k, d] of this.dirty) {
      if ((fromK === null || k >= fromK) && (toK === null || k <= toK)) merged.set(k, d.value);
    }
    const keys = [...merged.keys()].sort();
    if (reverse) keys.reverse();
    const out: KeyValue<Buffer, Buffer>[] = [];
    for (const k of keys) {
      const v = merged.get(k);
      if (v !== null && v !== undefined) out.push({ key: Buffer.from(k, 'latin1'), value: v });
    }
    return out;
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries() + this.dirty.size;
  }

  flush(): void {
    while (this.dirty.size > 0) this.evictOldest();
    this.inner.flush();
  }

  private evictOldest(): void {
    const first = this.dirty.entries().next();
    if (first.done === true) return;
    const [k, d] = first.value;
    this.dirty.delete(k);
    this.bytes -= d.size;
    const key = Buffer.from(k, 'latin1');
    const old = this.sendOldValues || this.listener !== null ? this.inner.get(key) : null;
    this.inner.put(key, d.value);
    if (this.listener !== null && (d.value !== null || old !== null)) this.listener(key, d.value, this.sendOldValues ? old : null, d.timestamp);
  }
}
