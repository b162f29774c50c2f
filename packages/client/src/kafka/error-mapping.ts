import { TributaryError } from '@tributary/protocol';
import {
  BrokerError,
  ClusterConnectionError,
  ClusterTimeoutError,
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

interface KafkajsErrorShape {
  name?: string;
  message?: string;
  type?: string;
  code?: number | string;
  retriable?: boolean;
  originalError?: unknown;
  errors?: unknown[];
}

type BrokerErrorFactory = (message: string, details: { kafkaErrorCode?: number; retriable?: boolean; cause: unknown }) => BrokerError;

/** Kafka error names (kafkajs `KafkaJSProtocolError.type`) that get a dedicated class. */
const SPECIFIC: Readonly<Record<string, BrokerErrorFactory>> = {
  TOPIC_ALREADY_EXISTS: (m, d) => new TopicExistsError(m, d),
  UNKNOWN_TOPIC_OR_PARTITION: (m, d) => new UnknownTopicError(m, d),
  INVALID_PARTITIONS: (m, d) => new InvalidPartitionsError(m, d),
  OFFSET_OUT_OF_RANGE: (m, d) => new OffsetOutOfRangeError(m, d),
  PRODUCER_FENCED: (m, d) => new FencedProducerError(m, d),
  INVALID_PRODUCER_EPOCH: (m, d) => new FencedProducerError(m, d),
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: (m, d) => new BrokerError('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', m, d),
  INVALID_TXN_STATE: (m, d) => new InvalidTxnStateError(m, d),
  REBALANCE_IN_PROGRESS: (m, d) => new RebalanceInProgressError(m, d),
  ILLEGAL_GENERATION: (m, d) => new CommitFailedError(m, d),
  UNKNOWN_MEMBER_ID: (m, d) => new CommitFailedError(m, d),
  FENCED_INSTANCE_ID: (m, d) => new CommitFailedError(m, d),
  MESSAGE_TOO_LARGE: (m, d) => new RecordTooLargeError(m, d),
  NON_EMPTY_GROUP: (m, d) => new GroupNotEmptyError(m, d),
};

/** kafkajs's messages for the protocol errors it is known to re-wrap without their type. */
const WRAPPED_PROTOCOL_MESSAGES: readonly (readonly [string, string])[] = [
  ['Specified group generation id is not valid', 'ILLEGAL_GENERATION'],
  ['The coordinator is not aware of this member', 'UNKNOWN_MEMBER_ID'],
  ['The group is rebalancing', 'REBALANCE_IN_PROGRESS'],
];

/**
 * Turns whatever kafkajs threw into a TributaryError with a stable code, unwrapping its retry
 * and aggregate wrappers so callers see the broker's actual answer.
 */
export function fromKafkajsError(error: unknown, context?: string): Error {
  if (error instanceof TributaryError) return error;
  const root = unwrap(error);
  const e = (typeof root === 'object' && root !== null ? root : {}) as KafkajsErrorShape;
  const prefix = context === undefined ? '' : `${context}: `;
  const message = prefix + (e.message ?? String(root));
  if (e.name === 'KafkaJSProtocolError' || e.name === 'KafkaJSOffsetOutOfRange' || typeof e.type === 'string') {
    const type = e.type ?? 'UNKNOWN_SERVER_ERROR';
    const details = { kafkaErrorCode: typeof e.code === 'number' ? e.code : undefined, retriable: e.retriable === true, cause: error };
    const specific = SPECIFIC[type];
    return specific !== undefined ? specific(message, details) : new BrokerError(type, message, details);
  }
  switch (e.name) {
    case 'KafkaJSConnectionError':
    case 'KafkaJSConnectionClosedError':
    case 'KafkaJSBrokerNotFound':
    case 'KafkaJSNoBrokerAvailableError':
    case 'KafkaJSSASLAuthenticationError':
    case 'KafkaJSGroupCoordinatorNotFound':
      return new ClusterConnectionError(message, { cause: error });
    case 'KafkaJSRequestTimeoutError':
    case 'KafkaJSTimeout':
    case 'KafkaJSLockTimeout':
      return new ClusterTimeoutError(message, { cause: error });
    case 'KafkaJSTopicMetadataNotLoaded':
      return new UnknownTopicError(message, { cause: error });
    default: {
      // kafkajs re-wraps some protocol errors (e.g. commitOffsets during a rebalance) in a plain
      // KafkaJSError that keeps only the broker's message: recover the type from it.
      const type = WRAPPED_PROTOCOL_MESSAGES.find(([text]) => message.includes(text))?.[1];
      const specific = type === undefined ? undefined : SPECIFIC[type];
      if (specific !== undefined) return specific(message, { kafkaErrorCode: undefined, retriable: e.retriable === true, cause: error });
      return new BrokerError('CLIENT_ERROR', message, { cause: error, retriable: e.retriable === true });
    }
  }
}

function unwrap(error: unknown): unknown {
  let current = error as (KafkajsErrorShape & { cause?: unknown; partitions?: { error?: unknown }[] }) | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    let next: unknown;
    if (current.name === 'KafkaJSNumberOfRetriesExceeded') next = current.cause ?? current.originalError;
    else if (current.name === 'KafkaJSAggregateError') next = current.errors?.[0];
    else if (current.name === 'KafkaJSDeleteTopicRecordsError') next = current.partitions?.find((p) => p.error != null)?.error;
    if (next === undefined || next === null) return current;
    current = next as typeof current;
  }
  return current;
}

/** Runs a kafkajs call and rethrows its failure as a TributaryError. */
export async function mapped<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromKafkajsError(error, context);
  }
}
