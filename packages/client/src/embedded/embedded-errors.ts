import { kafkaErrorCode } from '@tributary/log';
import { TributaryError } from '@tributary/protocol';
import {
  BrokerError,
  ClusterConnectionError,
  CommitFailedError,
  FencedProducerError,
  GroupNotEmptyError,
  InvalidPartitionsError,
  InvalidTxnStateError,
  OffsetOutOfRangeError,
  RebalanceInProgressError,
  RecordTooLargeError,
  TopicExistsError,
  UnknownTopicError,
} from '../errors/client-errors.js';

type Details = { kafkaErrorCode?: number; retriable?: boolean; cause: unknown };

/** Kafka error names the log and coordinators use that get a dedicated client class. */
const SPECIFIC: Readonly<Record<string, (message: string, details: Details) => TributaryError>> = {
  TOPIC_ALREADY_EXISTS: (m, d) => new TopicExistsError(m, d),
  UNKNOWN_TOPIC_OR_PARTITION: (m, d) => new UnknownTopicError(m, d),
  INVALID_PARTITIONS: (m, d) => new InvalidPartitionsError(m, d),
  OFFSET_OUT_OF_RANGE: (m, d) => new OffsetOutOfRangeError(m, d),
  PRODUCER_FENCED: (m, d) => new FencedProducerError(m, d),
  INVALID_PRODUCER_EPOCH: (m, d) => new FencedProducerError(m, d),
  INVALID_PRODUCER_ID_MAPPING: (m, d) => new FencedProducerError(m, d),
  INVALID_TXN_STATE: (m, d) => new InvalidTxnStateError(m, d),
  REBALANCE_IN_PROGRESS: (m, d) => new RebalanceInProgressError(m, d),
  ILLEGAL_GENERATION: (m, d) => new CommitFailedError(m, d),
  UNKNOWN_MEMBER_ID: (m, d) => new CommitFailedError(m, d),
  FENCED_INSTANCE_ID: (m, d) => new CommitFailedError(m, d),
  RECORD_TOO_LARGE: (m, d) => new RecordTooLargeError(m, d),
  NON_EMPTY_GROUP: (m, d) => new GroupNotEmptyError(m, d),
  LOG_CLOSED: (m, d) => new ClusterConnectionError(m, { cause: d.cause }),
};

/** Numbers for the log's own error names (the coordinators' come from `kafkaErrorCode`). */
const LOG_CODES: Readonly<Record<string, number>> = {
  CORRUPT_RECORD: 2,
  RECORD_TOO_LARGE: 10,
  INVALID_TOPIC: 17,
  INVALID_CONFIG: 40,
  KAFKA_STORAGE_ERROR: 56,
};

const RETRIABLE = new Set(['CONCURRENT_TRANSACTIONS', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS', 'REBALANCE_IN_PROGRESS']);

/**
 * The log's and coordinators' errors carry Kafka error names as `code`; callers of the Cluster
 * interface get the same client error classes the kafka adapter throws.
 */
export function toClientError(error: unknown, context: string): Error {
  if (!(error instanceof TributaryError)) return error instanceof Error ? error : new Error(String(error));
  if (error instanceof BrokerError || error instanceof ClusterConnectionError) return error;
  return fromErrorName(error.code, `${context}: ${error.message}`, error);
}

/** The client error for a Kafka error name (per-item results carry names, not exceptions). */
export function fromErrorName(code: string, message: string, cause?: unknown): Error {
  const numeric = (kafkaErrorCode as Readonly<Record<string, number>>)[code] ?? LOG_CODES[code];
  const details: Details = { ...(numeric === undefined ? {} : { kafkaErrorCode: numeric }), retriable: RETRIABLE.has(code), cause };
  const specific = SPECIFIC[code];
  return specific !== undefined ? specific(message, details) : new BrokerError(code, message, details);
}

/** Runs a call into the log node and rethrows failures as client errors. */
export async function embeddedCall<T>(context: string, call: () => Promise<T> | T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toClientError(error, context);
  }
}
