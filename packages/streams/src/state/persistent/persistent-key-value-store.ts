import { join } from 'node:path';
import type { BytesStoreSupplier } from '../store-builder.js';
import { ClassicLevelBytesStore } from './classic-level-bytes-store.js';

/**
 * A supplier whose engine lives on disk. The runtime calls `at(taskDirectory)` so every task
 * gets its own LevelDB under `<stateDir>/<appId>/<taskId>/<store>`; `get()` (used by the test
 * driver) opens at the supplier's own directory.
 */
export interface PersistentBytesStoreSupplier extends BytesStoreSupplier {
  readonly persistent: true;
  at(directory: string): ClassicLevelBytesStore;
}

/** Kafka's `Stores.persistentKeyValueStore`: a classic-level engine placed by the runtime. */
export function persistentKeyValueStore(name: string, defaultDirectory = join('.tributary-state', name)): PersistentBytesStoreSupplier {
  return {
    name,
    persistent: true,
    get: () => new ClassicLevelBytesStore(name, defaultDirectory),
    at: (directory: string) => new ClassicLevelBytesStore(name, join(directory, name)),
  };
}

export function isPersistentSupplier(s: BytesStoreSupplier): s is PersistentBytesStoreSupplier {
  return s.persistent && typeof (s as Partial<PersistentBytesStoreSupplier>).at === 'function';
}
