import { TributaryError } from '@tributary/protocol';

/** The topology cannot be built or compiled as written (bad names, missing stores, cycles). */
export class TopologyError extends TributaryError {
  constructor(message: string) {
    super('TOPOLOGY_INVALID', message);
  }
}

/** Topics that must be co-partitioned (joined) have different partition counts. */
export class CoPartitioningError extends TributaryError {
  readonly topics: readonly { topic: string; partitions: number }[];
  constructor(topics: readonly { topic: string; partitions: number }[]) {
    super(
      'COPARTITION_MISMATCH',
      `topics must have the same number of partitions to be joined: ${topics
        .map((t) => `${t.topic} (${t.partitions})`)
        .join(' vs ')}`,
    );
    this.topics = topics;
  }
}

/** A DSL hook point that a later step implements (suppress, windows, EOS). */
export class NotImplementedError extends TributaryError {
  readonly feature: string;
  constructor(feature: string) {
    super('NOT_IMPLEMENTED', `${feature} is not implemented yet`);
    this.feature = feature;
  }
}

/** A serde could not turn a value into bytes or back. */
export class SerializationError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SERIALIZATION_FAILED', message, options);
  }
}

/** A processor asked for a store it is not connected to, or a store was used while closed. */
export class InvalidStateStoreError extends TributaryError {
  constructor(message: string) {
    super('INVALID_STATE_STORE', message);
  }
}

/** A wrong argument to a DSL or driver method (negative time, unknown topic). */
export class StreamsArgumentError extends TributaryError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** A suppression buffer configured with shutDownWhenFull() ran out of space. */
export class SuppressionBufferFullError extends TributaryError {
  constructor(store: string, records: number, bytes: number) {
    super('SUPPRESSION_BUFFER_FULL', `suppression buffer ${store} is full (${records} records, ${bytes} bytes) and is configured to shut down when full`);
  }
}
