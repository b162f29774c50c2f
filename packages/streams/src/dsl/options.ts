import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { Serde } from '../serdes/serde.js';
import type { StoreSupplier } from '../state/store-builder.js';
import type { StreamPartitioner } from '../topology/topology-nodes.js';

/** How a source topic is read: serdes, timestamp extractor, source node name. */
export class Consumed<K, V> {
  private constructor(
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V>,
    readonly name?: string,
    readonly timestampExtractor?: TimestampExtractor<K, V>,
  ) {}
  static with<K, V>(keySerde: Serde<K>, valueSerde: Serde<V>): Consumed<K, V> {
    return new Consumed(keySerde, valueSerde);
  }
  static as<K, V>(name: string): Consumed<K, V> {
    return new Consumed<K, V>(undefined, undefined, name);
  }
  withName(name: string): Consumed<K, V> {
    return new Consumed(this.keySerde, this.valueSerde, name, this.timestampExtractor);
  }
  withTimestampExtractor(extractor: TimestampExtractor<K, V>): Consumed<K, V> {
    return new Consumed(this.keySerde, this.valueSerde, this.name, extractor);
  }
}

/** How a stream is written: serdes, partitioner, sink node name. */
export class Produced<K, V> {
  private constructor(
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V>,
    readonly name?: string,
    readonly partitioner?: StreamPartitioner<K, V>,
  ) {}
  static with<K, V>(keySerde: Serde<K>, valueSerde: Serde<V>, partitioner?: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced(keySerde, valueSerde, undefined, partitioner);
  }
  static as<K, V>(name: string): Produced<K, V> {
    return new Produced<K, V>(undefined, undefined, name);
  }
  withName(name: string): Produced<K, V> {
    return new Produced(this.keySerde, this.valueSerde, name, this.partitioner);
  }
  withStreamPartitioner(partitioner: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced(this.keySerde, this.valueSerde, this.name, partitioner);
  }
}

/** How a KTable's store is made: name (queryable), serdes, logging, caching, engine. */
export class Materialized<K, V> {
  private constructor(
    readonly storeName?: string,
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V>,
    readonly loggingEnabled: boolean = true,
    readonly cachingEnabled: boolean = true,
    /** A key-value, window or session store supplier (checked against the operator that uses it). */
    readonly storeSupplier?: StoreSupplier,
    /** Window and session stores: how long windows are kept (>= size + grace). */
    readonly retentionMs?: number,
  ) {}
  static as<K, V>(nameOrSupplier: string | StoreSupplier): Materialized<K, V> {
    return typeof nameOrSupplier === 'string'
      ? new Materialized<K, V>(nameOrSupplier)
      : new Materialized<K, V>(nameOrSupplier.name, undefined, undefined, true, true, nameOrSupplier);
  }
  static with<K, V>(keySerde: Serde<K>, valueSerde: Serde<V>): Materialized<K, V> {
    return new Materialized<K, V>(undefined, keySerde, valueSerde);
  }
  withKeySerde(serde: Serde<K>): Materialized<K, V> {
    return new Materialized(this.storeName, serde, this.valueSerde, this.loggingEnabled, this.cachingEnabled, this.storeSupplier, this.retentionMs);
  }
  withValueSerde(serde: Serde<V>): Materialized<K, V> {
    return new Materialized(this.storeName, this.keySerde, serde, this.loggingEnabled, this.cachingEnabled, this.storeSupplier, this.retentionMs);
  }
  withLoggingDisabled(): Materialized<K, V> {
    return new Materialized(this.storeName, this.keySerde, this.valueSerde, false, this.cachingEnabled, this.storeSupplier, this.retentionMs);
  }
  withCachingDisabled(): Materialized<K, V> {
    return new Materialized(this.storeName, this.keySerde, this.valueSerde, this.loggingEnabled, false, this.storeSupplier, this.retentionMs);
  }
  withCachingEnabled(): Materialized<K, V> {
    return new Materialized(this.storeName, this.keySerde, this.valueSerde, this.loggingEnabled, true, this.storeSupplier, this.retentionMs);
  }
  withRetention(retentionMs: number): Materialized<K, V> {
    return new Materialized(this.storeName, this.keySerde, this.valueSerde, this.loggingEnabled, this.cachingEnabled, this.storeSupplier, retentionMs);
  }
}

/** Serdes and repartition-topic name for grouping. */
export class Grouped<K, V> {
  private constructor(
    readonly name?: string,
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V>,
  ) {}
  static as<K, V>(name: string): Grouped<K, V> {
    return new Grouped<K, V>(name);
  }
  static with<K, V>(keySerde: Serde<K>, valueSerde: Serde<V>, name?: string): Grouped<K, V> {
    return new Grouped(name, keySerde, valueSerde);
  }
  withName(name: string): Grouped<K, V> {
    return new Grouped(name, this.keySerde, this.valueSerde);
  }
}

/** Serdes and name for a stream-table join (the name also names its repartition topic). */
export class Joined<K, V, VO> {
  private constructor(
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V>,
    readonly otherValueSerde?: Serde<VO>,
    readonly name?: string,
    /** KIP-923: buffer stream records this long and join them "as of" their timestamp (needs a versioned table). */
    readonly gracePeriodMs?: number,
  ) {}
  static with<K, V, VO>(keySerde: Serde<K>, valueSerde: Serde<V>, otherValueSerde?: Serde<VO>, name?: string, gracePeriodMs?: number): Joined<K, V, VO> {
    return new Joined(keySerde, valueSerde, otherValueSerde, name, gracePeriodMs);
  }
  static as<K, V, VO>(name: string): Joined<K, V, VO> {
    return new Joined<K, V, VO>(undefined, undefined, undefined, name);
  }
  withGracePeriod(gracePeriodMs: number): Joined<K, V, VO> {
    return new Joined(this.keySerde, this.valueSerde, this.otherValueSerde, this.name, gracePeriodMs);
  }
}

/** Explicit repartition: name, serdes, partition count, partitioner. */
export class Repartitioned<K, V> {
  private constructor(
    readonly name?: string,
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V>,
    readonly numberOfPartitions?: number,
    readonly partitioner?: StreamPartitioner<K, V>,
  ) {}
  static as<K, V>(name: string): Repartitioned<K, V> {
    return new Repartitioned<K, V>(name);
  }
  static with<K, V>(keySerde: Serde<K>, valueSerde: Serde<V>): Repartitioned<K, V> {
    return new Repartitioned<K, V>(undefined, keySerde, valueSerde);
  }
  static numberOfPartitions<K, V>(n: number): Repartitioned<K, V> {
    return new Repartitioned<K, V>(undefined, undefined, undefined, n);
  }
  withName(name: string): Repartitioned<K, V> {
    return new Repartitioned(name, this.keySerde, this.valueSerde, this.numberOfPartitions, this.partitioner);
  }
  withNumberOfPartitions(n: number): Repartitioned<K, V> {
    return new Repartitioned(this.name, this.keySerde, this.valueSerde, n, this.partitioner);
  }
  withStreamPartitioner(p: StreamPartitioner<K, V>): Repartitioned<K, V> {
    return new Repartitioned(this.name, this.keySerde, this.valueSerde, this.numberOfPartitions, p);
  }
}
