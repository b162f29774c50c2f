import type { ProcessorSupplier } from '../processor/processor.js';
import type { KTableProcessorSupplier } from '../processor/ktable-value-getter.js';
import type { Serde } from '../serdes/serde.js';
import { ProcessorGraphNode, type GraphNode } from '../topology/graph-node.js';
import { splitOptions } from './dsl-support.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';
import type { Windowed } from './windowed.js';
import { markWindowedTable } from './windowed-table-info.js';

type U = unknown;

/** What a grouped stream hands its windowed variants: where to attach and how to repartition. */
export interface GroupedParent<K, V> {
  readonly builder: InternalStreamsBuilder;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  /** Adds the repartition topic if needed (named after the store) and returns the parent. */
  attach(storeName: string): { parent: GraphNode; sources: ReadonlySet<string> };
}

/** A store recipe plus the processor that owns it. */
export interface WindowedOp<VA> {
  readonly processorPrefix: string;
  readonly store: (storeName: string, materialized: Materialized<U, VA> | undefined) => { name: string; loggingEnabled: boolean; withLoggingDisabled(): unknown };
  readonly supplier: (storeName: string) => KTableProcessorSupplier<Windowed<U>, VA> & { get: unknown };
  readonly keySerde: Serde<Windowed<U>>;
  readonly closeDelayMs: number;
}

/** Adds a windowed aggregation node with its store and returns the windowed KTable. */
export function addWindowedAggregation<K, VA>(
  grouped: GroupedParent<K, U>,
  options: readonly (Named | Materialized<K, VA> | string)[],
  op: WindowedOp<VA>,
  defaultValueSerde: Serde<VA> | undefined,
): KTable<Windowed<K>, VA> {
  const { named, materialized } = splitOptions<K, VA>(options);
  const storeName = materialized?.storeName ?? grouped.builder.newStoreName(op.processorPrefix);
  const name = named ?? grouped.builder.newProcessorName(op.processorPrefix);
  const { parent, sources } = grouped.attach(storeName);
  const supplier = op.supplier(storeName);
  const store = (): never => {
    const b = op.store(storeName, materialized as Materialized<U, VA> | undefined);
    if (materialized?.loggingEnabled === false) b.withLoggingDisabled();
    return b as never;
  };
  const node = new ProcessorGraphNode(name, supplier.get as ProcessorSupplier<U, U, U, U>, () => [store()]);
  grouped.builder.addNode(node, parent);
  const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
  const table = new KTable<Windowed<K>, VA>(grouped.builder, node, op.keySerde as Serde<Windowed<K>>, valueSerde, sources, supplier as unknown as KTableProcessorSupplier<Windowed<K>, VA>, materialized?.storeName ?? null);
  markWindowedTable(table as KTable<U, U>, op.closeDelayMs);
  return table;
}
