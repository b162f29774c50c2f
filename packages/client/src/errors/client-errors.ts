import { TributaryError } from '@tributary/protocol';

/**
 * An error the cluster (broker, coordinator or embedded log) answered with. `code` is Kafka's
 * error name (e.g. `NOT_LEADER_OR_FOLLOWER`), which is as stable as the protocol itself.
 */
export class BrokerError extends TributaryError {
  /** Kafka's numeric error code when known (see the protocol's error table), else null. */
  readonly kafkaErrorCode: number | null;
  readonly retriable: boolean;

  constructor(
    code: string,
    message: string,
    details: { kafkaErrorCode?: number | null; retriable?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.kafkaErrorCode = details.kafkaErrorCode ?? null;
    this.retriable = details.retriable ?? false;
  }
}

type Details = { kafkaErrorCode?: number | null; retriable?: boolean; cause?: unknown };

export class TopicExistsError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('TOPIC_ALREADY_EXISTS', message, { kafkaErrorCode: 36, ...details });
  }
}

export class UnknownTopicError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('UNKNOWN_TOPIC_OR_PARTITION', message, { kafkaErrorCode: 3, ...details });
  }
}

export class InvalidPartitionsError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('INVALID_PARTITIONS', message, { kafkaErrorCode: 37, ...details });
  }
}

export class OffsetOutOfRangeError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('OFFSET_OUT_OF_RANGE', message, { kafkaErrorCode: 1, ...details });
  }
}

/** Another producer with the same transactional id (a newer epoch) took over: stop and close. */
export class FencedProducerError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('PRODUCER_FENCED', message, { kafkaErrorCode: 90, ...details });
  }
}

export class InvalidTxnStateError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('INVALID_TXN_STATE', message, { kafkaErrorCode: 48, ...details });
  }
}

export class RebalanceInProgressError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('REBALANCE_IN_PROGRESS', message, { kafkaErrorCode: 27, retriable: true, ...details });
  }
}

/**
 * An offset commit was rejected because this member is no longer part of the generation
 * (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID): its partitions were reassigned.
 */
export class CommitFailedError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('COMMIT_FAILED', message, details);
  }
}

/**
 * A record (alone in its batch) is larger than the topic's `max.message.bytes`, so no batch can
 * carry it. Kafka calls the same condition MESSAGE_TOO_LARGE (error code 10).
 */
export class RecordTooLargeError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('RECORD_TOO_LARGE', message, { kafkaErrorCode: 10, ...details });
  }
}

/**
 * The group has members, so only they may commit or delete its offsets (Kafka's
 * GroupNotEmptyException; the coordinator answers a memberless commit with UNKNOWN_MEMBER_ID).
 */
export class GroupNotEmptyError extends BrokerError {
  constructor(message: string, details: Details = {}) {
    super('NON_EMPTY_GROUP', message, { kafkaErrorCode: 68, ...details });
  }
}

/** The client could not reach the cluster (refused, reset, DNS, TLS, authentication). */
export class ClusterConnectionError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONNECTION_FAILED', message, options);
  }
}

/** A request or wait ran out of time. */
export class ClusterTimeoutError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TIMED_OUT', message, options);
  }
}

/** The caller used a client in a state that does not allow the call (e.g. poll before subscribe). */
export class IllegalClientStateError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ILLEGAL_CLIENT_STATE', message, options);
  }
}

export class InvalidArgumentError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** The adapter (or the cluster behind it) cannot do what was asked; the message says which. */
export class UnsupportedFeatureError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNSUPPORTED_FEATURE', message, options);
  }
}
