import type { KeyValue } from './key-value.js';
import type { StateStore } from './state-store.js';

/** Called when a cached write reaches the store below: new and old raw values. */
export type CacheFlushListener = (key: Buffer, newValue: Buffer | null, oldValue: Buffer | null, timestamp: number) => void;

/** The byte-level store every layer implements; keys compare by unsigned byte order. */
export interface BytesStore extends StateStore {
  get(key: Buffer): Buffer | null;
  put(key: Buffer, value: Buffer | null): void;
  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[];
  approximateNumEntries(): number;
  /** Only a caching layer accepts a listener; others return false so callers forward at once. */
  setFlushListener(listener: CacheFlushListener, sendOldValues: boolean): boolean;
}
