import type { Serde } from '../serdes/serde.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { StoreBuilder } from '../state/store-builder.js';

/** Chooses the output topic per record. */
export type TopicNameExtractor<K, V> = (key: K, value: V, context: { readonly topic: string | null; readonly timestamp: number }) => string;

/** Chooses the partition per record; undefined falls back to the default (murmur2 of the key). */
export type StreamPartitioner<K, V> = (topic: string, key: K, value: V, numPartitions: number) => number | undefined;

export interface SourceNodeSpec {
  readonly kind: 'source';
  readonly name: string;
  readonly topics: readonly string[];
  readonly pattern: RegExp | null;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
  readonly children: string[];
}

export interface ProcessorNodeSpec {
  readonly kind: 'processor';
  readonly name: string;
  readonly supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>;
  readonly stores: string[];
  readonly parents: string[];
  readonly children: string[];
}

export interface SinkNodeSpec {
  readonly kind: 'sink';
  readonly name: string;
  readonly topic: string | TopicNameExtractor<unknown, unknown>;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly partitioner: StreamPartitioner<unknown, unknown> | undefined;
  readonly parents: string[];
}

export type NodeSpec = SourceNodeSpec | ProcessorNodeSpec | SinkNodeSpec;

export interface StoreSpec {
  readonly name: string;
  readonly builder: StoreBuilder<unknown, unknown>;
  /** Unprefixed changelog: `<store>-changelog`, or a source topic reused as the changelog. */
  changelogTopic: string | null;
  changelogIsSourceTopic: boolean;
  readonly global: boolean;
}

export interface SubtopologySpec {
  readonly id: number;
  readonly global: boolean;
  /** Node names in the order they were added (parents before children). */
  readonly nodes: readonly string[];
  readonly sourceTopics: readonly string[];
  readonly sourcePatterns: readonly RegExp[];
  readonly stores: readonly string[];
}
