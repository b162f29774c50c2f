import type { StateStore } from '../state-store.js';

/**
 * The disk lifecycle the runtime drives for whole stores that keep their data in LevelDB
 * (persistent window and session stores), parallel to the key-value engine's: open before
 * `init`, `flush()` seals, `persist()` writes the sealed data after the changelog is
 * acknowledged. `close()` (the StateStore one) is logical, because the runtime's task state
 * owns the files across task re-creations; `closeDisk()` / `abandonDisk()` release them.
 */
export interface PersistentStateStore extends StateStore {
  readonly persistent: true;
  /** Opens the files and reloads what the store holds; must complete before `init`. */
  openDisk(): Promise<void>;
  /** Writes what `flush()` sealed; resolves when it is on disk and never rejects (see `flushed`). */
  persist(): Promise<void>;
  /** `persist()` and wait; throws if a write failed. */
  flushed(): Promise<void>;
  /** Clean close: seals, persists and closes the files. */
  closeDisk(): Promise<void>;
  /** Dirty close: forgets unpersisted writes and closes the files. */
  abandonDisk(): Promise<void>;
}

export function isPersistentStateStore(s: unknown): s is PersistentStateStore {
  const p = s as Partial<PersistentStateStore> | null;
  return p !== null && typeof p === 'object' && p.persistent === true && typeof p.openDisk === 'function' && typeof p.closeDisk === 'function';
}
