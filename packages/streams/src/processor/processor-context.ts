import type { Cancellable, PunctuationType, Punctuator } from './punctuation.js';
import type { Record } from './record.js';
import type { RecordMetadata } from './record-metadata.js';
import type { StateStore } from '../state/state-store.js';

export interface TaskId {
  readonly subtopology: number;
  readonly partition: number;
}

/** What a processor sees of its task: forwarding, time, stores, punctuation, metadata. */
export interface ProcessorContext<KOut, VOut> {
  readonly applicationId: string;
  readonly taskId: TaskId;
  /** Sends a record to all children, or only to the named child. */
  forward<K extends KOut, V extends VOut>(record: Record<K, V>, childName?: string): void;
  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  getStateStore<S extends StateStore>(name: string): S;
  /** Topic, partition and offset of the input record; null inside punctuation. */
  recordMetadata(): RecordMetadata | null;
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
  /** Asks the runtime to commit soon. */
  commit(): void;
}
