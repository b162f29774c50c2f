/** One stored window of a key: its start and the engine key it lives under. */
export interface IndexedWindow {
  readonly windowStart: number;
  readonly engineKey: Buffer;
}

/**
 * Per record key, the engine keys of its windows in engine-key order (time, then sequence).
 * Engine keys are time-first, so without this a fetch of one key (every stream-stream join
 * lookup) would walk every key's records in the time range.
 */
export class WindowKeyIndex {
  private readonly byKey = new Map<string, IndexedWindow[]>();

  add(key: Buffer, windowStart: number, engineKey: Buffer): void {
    const k = key.toString('latin1');
    let list = this.byKey.get(k);
    if (list === undefined) this.byKey.set(k, (list = []));
    const last = list[list.length - 1];
    // Records mostly arrive in time order: appending is the common case.
    if (last === undefined || Buffer.compare(last.engineKey, engineKey) < 0) {
      list.push({ windowStart, engineKey });
      return;
    }
    const i = lowerBound(list, engineKey);
    if (i < list.length && list[i]!.engineKey.equals(engineKey)) return;
    list.splice(i, 0, { windowStart, engineKey });
  }

  remove(key: Buffer, engineKey: Buffer): void {
    const k = key.toString('latin1');
    const list = this.byKey.get(k);
    if (list === undefined) return;
    const i = lowerBound(list, engineKey);
    if (i < list.length && list[i]!.engineKey.equals(engineKey)) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(k);
  }

  /** Windows of `key` with start in [from, to], ascending. */
  fetch(key: Buffer, from: number, to: number): IndexedWindow[] {
    const list = this.byKey.get(key.toString('latin1'));
    if (list === undefined || to < from) return [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.windowStart < from) lo = mid + 1;
      else hi = mid;
    }
    const out: IndexedWindow[] = [];
    for (let i = lo; i < list.length && list[i]!.windowStart <= to; i++) out.push(list[i]!);
    return out;
  }

  /** Forgets windows starting at or before `upTo` (their segments were dropped or are expired). */
  pruneUpTo(upTo: number): void {
    for (const [k, list] of this.byKey) {
      let n = 0;
      while (n < list.length && list[n]!.windowStart <= upTo) n++;
      if (n === list.length) this.byKey.delete(k);
      else if (n > 0) list.splice(0, n);
    }
  }

  clear(): void {
    this.byKey.clear();
  }
}

function lowerBound(list: readonly IndexedWindow[], engineKey: Buffer): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Buffer.compare(list[mid]!.engineKey, engineKey) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
