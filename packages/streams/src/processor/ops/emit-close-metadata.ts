import { ProcessorStateStoreBuilder, type InMemoryProcessorStateStore } from '../../state/buffer/processor-state-store.js';

/**
 * Where a windowed aggregation with emitStrategy(onWindowClose) keeps its last emitted
 * window-close time across restarts. Kafka keeps it in the committed offsets' metadata
 * (KIP-825 ProcessorMetadata, keyed by the window store's name); we keep it in an internal
 * changelogged store `<windowStore>-processor-metadata`, written in the same commit (and, under
 * exactly-once, the same transaction) as the results it accounts for. Hidden in describe(), as in Kafka.
 */
export function emitCloseStoreName(windowStoreName: string): string {
  return `${windowStoreName}-processor-metadata`;
}

export function emitCloseStoreBuilder(windowStoreName: string): ProcessorStateStoreBuilder {
  return new ProcessorStateStoreBuilder(emitCloseStoreName(windowStoreName), undefined, undefined, true);
}

// Meta keys start with 0x00 so they never collide with record entries (0x01...) of the same store.
const metaKey = (name: string): Buffer => Buffer.concat([Buffer.from([0]), Buffer.from(name, 'latin1')]);
export const LAST_EMIT_CLOSE = metaKey('lastEmitWindowCloseTime');
export const OBSERVED_STREAM_TIME = metaKey('observedStreamTime');

/** A time stored under a meta key, or null before the first write. */
export function readTime(store: InMemoryProcessorStateStore, key: Buffer): number | null {
  const v = store.get(key);
  return v === null ? null : Number(v.readBigInt64BE(0));
}

export function writeTime(store: InMemoryProcessorStateStore, key: Buffer, time: number): void {
  const v = Buffer.allocUnsafe(8);
  v.writeBigInt64BE(BigInt(time), 0);
  store.put(key, v);
}
