import { StreamsArgumentError } from '../errors/streams-errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { KTableProcessorSupplier } from '../processor/ktable-value-getter.js';
import type { Serde } from '../serdes/serde.js';
import { isSessionStoreSupplier, type SessionBytesStoreSupplier } from '../state/session/session-store-supplier.js';
import { isWindowStoreSupplier, type WindowBytesStoreSupplier } from '../state/window/window-store-supplier.js';
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
  // Internal stores the processor declares (emit-on-close metadata, sliding record buffer) follow the window store's logging.
  const internal = (): never[] => ((supplier as { stores?: () => { withLoggingDisabled(): unknown }[] }).stores?.() ?? []).map((b) => {
    if (materialized?.loggingEnabled === false) b.withLoggingDisabled();
    return b as never;
  });
  const node = new ProcessorGraphNode(name, supplier.get as ProcessorSupplier<U, U, U, U>, () => [store(), ...internal()]);
  grouped.builder.addNode(node, parent);
  const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
  const table = new KTable<Windowed<K>, VA>(grouped.builder, node, op.keySerde as Serde<Windowed<K>>, valueSerde, sources, supplier as unknown as KTableProcessorSupplier<Windowed<K>, VA>, materialized?.storeName ?? null);
  markWindowedTable(table as KTable<U, U>, op.closeDelayMs);
  return table;
}

/**
 * The window store supplier given through `Materialized.as(supplier)`, checked as Kafka does:
 * its window size must be the windows' size, its retention at least `minRetentionMs`, and an
 * aggregation keeps one value per window (no duplicates).
 */
export function windowSupplierOf(m: Materialized<U, U> | undefined, windowSizeMs: number, minRetentionMs: number): WindowBytesStoreSupplier | undefined {
  const s = m?.storeSupplier;
  if (s === undefined) return undefined;
  if (!isWindowStoreSupplier(s)) throw new StreamsArgumentError(`store ${s.name}: a windowed aggregation needs a window store supplier (Stores.persistentWindowStore, Stores.inMemoryWindowStore)`);
  if (s.windowSizeMs !== windowSizeMs) throw new StreamsArgumentError(`store ${s.name}: supplier window size ${s.windowSizeMs} must equal the windows' size ${windowSizeMs}`);
  if (s.retentionMs < minRetentionMs) throw new StreamsArgumentError(`store ${s.name}: supplier retention ${s.retentionMs} must be at least ${minRetentionMs} (window size + grace)`);
  if (s.retainDuplicates) throw new StreamsArgumentError(`store ${s.name}: an aggregation store cannot retain duplicates`);
  return s;
}

/** The session store supplier given through `Materialized.as(supplier)`; retention at least gap + grace. */
export function sessionSupplierOf(m: Materialized<U, U> | undefined, minRetentionMs: number): SessionBytesStoreSupplier | undefined {
  const s = m?.storeSupplier;
  if (s === undefined) return undefined;
  if (!isSessionStoreSupplier(s)) throw new StreamsArgumentError(`store ${s.name}: a session aggregation needs a session store supplier (Stores.persistentSessionStore, Stores.inMemorySessionStore)`);
  if (s.retentionMs < minRetentionMs) throw new StreamsArgumentError(`store ${s.name}: supplier retention ${s.retentionMs} must be at least ${minRetentionMs} (gap + grace)`);
  return s;
}
