import type { BytesStore, CacheFlushListener } from './bytes-store.js';
import type { KeyValue } from './key-value.js';
import type { StateStoreContext } from './state-store.js';

/** Writes every change through to the store below and to the changelog sink. */
export class ChangeLoggingBytesStore implements BytesStore {
  readonly name: string;
  private context: StateStoreContext | null = null;

  constructor(
    private readonly inner: BytesStore,
    private readonly changelogTopic: string,
  ) {
    this.name = inner.name;
  }

  get persistent(): boolean {
    return this.inner.persistent;
  }
  init(context: StateStoreContext): void {
    this.context = context;
    this.inner.init(context);
  }
  flush(): void {
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }
  isOpen(): boolean {
    return this.inner.isOpen();
  }
  setFlushListener(): boolean {
    return false;
  }
  get(key: Buffer): Buffer | null {
    return this.inner.get(key);
  }
  put(key: Buffer, value: Buffer | null): void {
    this.inner.put(key, value);
    const ctx = this.context;
    if (ctx !== null) {
      ctx.changelogSink.send({
        store: this.name,
        topic: this.changelogTopic,
        partition: ctx.partition,
        key,
        value,
        timestamp: ctx.currentTimestamp(),
      });
    }
  }
  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[] {
    return this.inner.range(from, to, reverse);
  }
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
}

export type { CacheFlushListener };
