import type { BytesStore } from '../bytes-store.js';
import type { KeyValue } from '../key-value.js';
import type { StateStoreContext } from '../state-store.js';
import { rawTimestamp } from '../value-and-timestamp.js';

interface Version {
  readonly timestamp: number;
  /** Timestamped value bytes (<ts(8)><value>), or null for a tombstone. */
  readonly value: Buffer | null;
}

/** Kafka's put return codes for versioned stores. */
export const PUT_RETURN_CODE_NOT_PUT = Number.MIN_SAFE_INTEGER;
export const PUT_RETURN_CODE_VALID_TO_UNDEFINED = -1;

/**
 * An in-memory versioned key-value engine (KIP-889). It speaks the timestamped BytesStore
 * contract, so a DSL table can use it like any engine: `get` is the latest version; each put
 * adds a version at the record's timestamp (a tombstone uses the current record's timestamp).
 * Versions older than `observed stream time - historyRetention` are dropped, except the latest.
 */
export class InMemoryVersionedBytesStore implements BytesStore {
  readonly persistent = false;
  private readonly history = new Map<string, Version[]>();
  private observed = Number.MIN_SAFE_INTEGER;
  private context: StateStoreContext | null = null;
  private open = false;

  constructor(
    readonly name: string,
    readonly historyRetentionMs: number,
  ) {}

  init(context: StateStoreContext): void {
    this.context = context;
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
    const h = this.history.get(key.toString('latin1'));
    return h === undefined || h.length === 0 ? null : h[h.length - 1]!.value;
  }

  put(key: Buffer, value: Buffer | null): void {
    const ts = value !== null ? rawTimestamp(value) : (this.context?.currentTimestamp() ?? this.observed);
    this.putVersion(key, value === null ? null : Buffer.from(value), ts);
  }

  /** Adds a version; returns the new version's valid-to, -1 when it is the latest, or NOT_PUT when too old. */
  putVersion(key: Buffer, value: Buffer | null, timestamp: number): number {
    this.observed = Math.max(this.observed, timestamp);
    if (timestamp < this.observed - this.historyRetentionMs) return PUT_RETURN_CODE_NOT_PUT;
    const k = key.toString('latin1');
    let h = this.history.get(k);
    if (h === undefined) this.history.set(k, (h = []));
    let i = h.length;
    while (i > 0 && h[i - 1]!.timestamp > timestamp) i--;
    if (i > 0 && h[i - 1]!.timestamp === timestamp) h[i - 1] = { timestamp, value };
    else h.splice(i, 0, { timestamp, value });
    this.expire(k, h);
    const idx = h.findIndex((v) => v.timestamp === timestamp);
    return idx >= 0 && idx < h.length - 1 ? h[idx + 1]!.timestamp : PUT_RETURN_CODE_VALID_TO_UNDEFINED;
  }

  /** The version valid at `asOf` (timestamped bytes), or null; null too when asOf is beyond history retention. */
  getAsOf(key: Buffer, asOf: number): { value: Buffer; timestamp: number; validTo: number | null } | null {
    if (asOf < this.observed - this.historyRetentionMs) return null;
    const h = this.history.get(key.toString('latin1'));
    if (h === undefined) return null;
    for (let i = h.length - 1; i >= 0; i--) {
      const v = h[i]!;
      if (v.timestamp <= asOf) return v.value === null ? null : { value: v.value, timestamp: v.timestamp, validTo: i + 1 < h.length ? h[i + 1]!.timestamp : null };
    }
    return null;
  }

  /** Whether a put at `timestamp` would be the latest version of its key (KIP-914 "isLatest"). */
  isLatest(key: Buffer, timestamp: number): boolean {
    const h = this.history.get(key.toString('latin1'));
    return h === undefined || h.length === 0 || h[h.length - 1]!.timestamp <= timestamp;
  }

  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[] {
    const f = from?.toString('latin1') ?? null;
    const t = to?.toString('latin1') ?? null;
    const keys = [...this.history.keys()].filter((k) => (f === null || k >= f) && (t === null || k <= t)).sort();
    if (reverse) keys.reverse();
    const out: KeyValue<Buffer, Buffer>[] = [];
    for (const k of keys) {
      const latest = this.get(Buffer.from(k, 'latin1'));
      if (latest !== null) out.push({ key: Buffer.from(k, 'latin1'), value: latest });
    }
    return out;
  }

  approximateNumEntries(): number {
    let n = 0;
    for (const h of this.history.values()) if (h.length > 0 && h[h.length - 1]!.value !== null) n++;
    return n;
  }

  private expire(k: string, h: Version[]): void {
    const horizon = this.observed - this.historyRetentionMs;
    // A version is expired once the next one starts at or before the horizon; the latest always stays.
    let drop = 0;
    while (drop < h.length - 1 && h[drop + 1]!.timestamp <= horizon) drop++;
    if (drop > 0) h.splice(0, drop);
    if (h.length === 1 && h[0]!.value === null && h[0]!.timestamp <= horizon) this.history.delete(k);
  }
}

/** Finds the versioned engine under a store's layers (typed → caching → changelogging → engine). */
export function findVersionedEngine(store: unknown): InMemoryVersionedBytesStore | null {
  let s: unknown = store;
  for (let depth = 0; depth < 8 && s !== null && typeof s === 'object'; depth++) {
    if (s instanceof InMemoryVersionedBytesStore) return s;
    // Layers: typed store (bytes), changelogging / caching (inner), the runtime's BorrowedEngine (engine).
    const o = s as { bytes?: unknown; inner?: unknown; engine?: unknown };
    s = typeof o.bytes === 'object' && o.bytes !== null ? o.bytes : (o.inner ?? o.engine ?? null);
  }
  return null;
}
