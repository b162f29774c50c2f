import type { ProcessorContext } from './processor-context.js';
import type { Record } from './record.js';

/** A node of the Processor API. `KOut/VOut` type what it may forward. */
export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: Record<KIn, VIn>): void;
  close?(): void;
}

/** Creates one processor instance per task. */
export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> = () => Processor<KIn, VIn, KOut, VOut>;

/** A processor that cannot change the key (used by processValues; no repartition needed). */
export type FixedKeyProcessorSupplier<K, VIn, VOut = never> = () => Processor<K, VIn, K, VOut>;
