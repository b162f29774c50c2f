import type { BytesStore, CacheFlushListener } from '../../state/bytes-store.js';
import type { KeyValue } from '../../state/key-value.js';
import type { StateStoreContext } from '../../state/state-store.js';

/**
 * Lends a task's engine to a StreamTask: everything delegates except close, which only flushes,
 * because the engine belongs to the TaskState and outlives the StreamTask across rebalances.
 */
export class BorrowedEngine implements BytesStore {
  readonly name: string;
  constructor(readonly engine: BytesStore) {
    this.name = engine.name;
  }
  get persistent(): boolean {
    return this.engine.persistent;
  }
  init(context: StateStoreContext): void {
    this.engine.init(context);
  }
  flush(): void {
    this.engine.flush();
  }
  close(): void {
    this.engine.flush();
  }
  isOpen(): boolean {
    return this.engine.isOpen();
  }
  get(key: Buffer): Buffer | null {
    return this.engine.get(key);
  }
  put(key: Buffer, value: Buffer | null): void {
    this.engine.put(key, value);
  }
  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[] {
    return this.engine.range(from, to, reverse);
  }
  approximateNumEntries(): number {
    return this.engine.approximateNumEntries();
  }
  setFlushListener(listener: CacheFlushListener, sendOldValues: boolean): boolean {
    return this.engine.setFlushListener(listener, sendOldValues);
  }
}
