import type { BytesStore } from './bytes-store.js';
import type { KeyValue } from './key-value.js';

// Keys are kept as latin1 strings: their code-unit order equals unsigned byte order,
// so one sorted array plus a Map gives ordered range queries without a tree.
function toKey(b: Buffer): string {
  return b.toString('latin1');
}

/** An in-memory, sorted key-value bytes engine. */
export class InMemoryBytesStore implements BytesStore {
  readonly name: string;
  readonly persistent = false;
  private readonly map = new Map<string, Buffer>();
  private sorted: string[] = [];
  private open = false;

  constructor(name: string) {
    this.name = name;
  }

  init(): void {
    this.open = true;
  }
  flush(): void {}
  close(): void {
    this.open = false;
  }
  isOpen(): boolean {
    return this.open;
  }
  setFlushListener(): boolean {
    return false;
  }

  get(key: Buffer): Buffer | null {
    return this.map.get(toKey(key)) ?? null;
  }

  put(key: Buffer, value: Buffer | null): void {
    const k = toKey(key);
    if (value === null) {
      if (this.map.delete(k)) this.sorted.splice(this.lowerBound(k), 1);
      return;
    }
    if (!this.map.has(k)) this.sorted.splice(this.lowerBound(k), 0, k);
    this.map.set(k, Buffer.from(value));
  }

  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[] {
    const start = from === null ? 0 : this.lowerBound(toKey(from));
    const toK = to === null ? null : toKey(to);
    const out: KeyValue<Buffer, Buffer>[] = [];
    for (let i = start; i < this.sorted.length; i++) {
      const k = this.sorted[i]!;
      if (toK !== null && k > toK) break;
      out.push({ key: Buffer.from(k, 'latin1'), value: this.map.get(k)! });
    }
    if (reverse) out.reverse();
    return out;
  }

  approximateNumEntries(): number {
    return this.map.size;
  }

  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
