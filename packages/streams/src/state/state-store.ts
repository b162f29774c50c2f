import type { Serde } from '../serdes/serde.js';
import type { ChangelogSink } from './changelog-sink.js';

/** What a store needs from its task when it opens. */
export interface StateStoreContext {
  readonly applicationId: string;
  readonly partition: number;
  readonly defaultKeySerde: Serde<unknown>;
  readonly defaultValueSerde: Serde<unknown>;
  /** Where changelog writes go; the runtime batches them into its producer, the test driver captures them. */
  readonly changelogSink: ChangelogSink;
  /** Timestamp and headers of the record being processed, stamped on changelog writes. */
  currentTimestamp(): number;
}

export interface StateStore {
  readonly name: string;
  readonly persistent: boolean;
  init(context: StateStoreContext): void;
  flush(): void;
  close(): void;
  isOpen(): boolean;
}
