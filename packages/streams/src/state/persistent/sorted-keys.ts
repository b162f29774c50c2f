/**
 * A sorted set of keys as latin1 strings (their code-unit order is unsigned byte order), for
 * synchronous range scans over an engine whose only synchronous read is a point lookup.
 */
export class SortedKeys {
  private keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  add(k: string): void {
    const i = this.lowerBound(k);
    if (this.keys[i] !== k) this.keys.splice(i, 0, k);
  }

  delete(k: string): void {
    const i = this.lowerBound(k);
    if (this.keys[i] === k) this.keys.splice(i, 1);
  }

  /** Appends a key known to sort after every key present (bulk load in order). */
  push(k: string): void {
    this.keys.push(k);
  }

  clear(): void {
    this.keys = [];
  }

  /** Keys in [from, to] (null = open), lazily, ascending or descending. */
  *between(from: string | null, to: string | null, reverse: boolean): Generator<string> {
    const start = from === null ? 0 : this.lowerBound(from);
    const end = to === null ? this.keys.length : this.upperBound(to);
    if (reverse) for (let i = end - 1; i >= start; i--) yield this.keys[i]!;
    else for (let i = start; i < end; i++) yield this.keys[i]!;
  }

  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private upperBound(k: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
