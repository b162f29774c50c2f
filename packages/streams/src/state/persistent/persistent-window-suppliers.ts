import { sessionSupplier, type SessionBytesStoreSupplier } from '../session/session-store-supplier.js';
import { windowSupplier, type WindowBytesStoreSupplier, type WindowStoreParams } from '../window/window-store-supplier.js';

// Kafka's Stores.persistentWindowStore / persistentTimestampedWindowStore / persistentSessionStore.
// The runtime places each store in `<stateDir>/<appId>/<taskId>/<name>/`, one LevelDB per time
// segment in `<name>.<segment start ms>/`; `defaultDirectory` is only used outside the runtime.

/** A segmented LevelDB window store (plain values). */
export function persistentWindowStore(name: string, params: WindowStoreParams, defaultDirectory?: string): WindowBytesStoreSupplier {
  return windowSupplier(name, true, false, params, defaultDirectory);
}

/** A segmented LevelDB window store whose values carry their timestamp (the DSL aggregations' layout). */
export function persistentTimestampedWindowStore(name: string, params: WindowStoreParams, defaultDirectory?: string): WindowBytesStoreSupplier {
  return windowSupplier(name, true, true, params, defaultDirectory);
}

/** A segmented LevelDB session store (segments by session end). */
export function persistentSessionStore(name: string, retentionMs: number, defaultDirectory?: string): SessionBytesStoreSupplier {
  return sessionSupplier(name, true, retentionMs, defaultDirectory);
}
