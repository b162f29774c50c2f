import { join } from 'node:path';
import { ClassicLevelBytesStore } from './persistent/classic-level-bytes-store.js';
import type { PersistentBytesStoreSupplier } from './persistent/persistent-key-value-store.js';

// The engine moved to state/persistent/ (bounded memory); this module keeps the old export path.
export { ClassicLevelBytesStore };

/** A supplier for a classic-level engine at `<directory>/<name>`; the runtime relocates it per task. */
export function classicLevelKeyValueStore(name: string, directory: string): PersistentBytesStoreSupplier & { readonly location: string } {
  const location = `${directory}/${name}`;
  return {
    name,
    persistent: true,
    location,
    get: () => new ClassicLevelBytesStore(name, location),
    at: (dir: string) => new ClassicLevelBytesStore(name, join(dir, name)),
  };
}
