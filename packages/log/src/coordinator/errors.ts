import { TributaryError } from '@tributary/protocol';

/**
 * Kafka's numeric error codes for the names the coordinators use (clients/.../protocol/Errors.java).
 * The broker turns a thrown error's `code` into the number with this table.
 */
export const kafkaErrorCode = {
  NONE: 0,
  OFFSET_METADATA_TOO_LARGE: 12,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_REQUEST: 42,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  INVALID_PRODUCER_EPOCH: 47,
  INVALID_TXN_STATE: 48,
  INVALID_PRODUCER_ID_MAPPING: 49,
  INVALID_TRANSACTION_TIMEOUT: 50,
  CONCURRENT_TRANSACTIONS: 51,
  OPERATION_NOT_ATTEMPTED: 55,
  UNKNOWN_PRODUCER_ID: 59,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  MEMBER_ID_REQUIRED: 79,
  FENCED_INSTANCE_ID: 82,
  GROUP_SUBSCRIBED_TO_TOPIC: 86,
  UNSTABLE_OFFSET_COMMIT: 88,
  PRODUCER_FENCED: 90,
} as const;

/** Name of a Kafka error the coordinators can report; per-item results carry one ('NONE' = success). */
export type KafkaErrorName = keyof typeof kafkaErrorCode;

/** Base of every coordinator error: `code` is the Kafka error name, so the broker's mapping is one lookup. */
export class CoordinatorError extends TributaryError {
  declare readonly code: KafkaErrorName;
  constructor(code: KafkaErrorName, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export class CoordinatorNotAvailableError extends CoordinatorError {
  constructor(message = 'coordinator not available') {
    super('COORDINATOR_NOT_AVAILABLE', message);
  }
}
export class InvalidRequestError extends CoordinatorError {
  constructor(message: string) {
    super('INVALID_REQUEST', message);
  }
}

// Producer state (Produce path)
export class OutOfOrderSequenceError extends CoordinatorError {
  constructor(message: string) {
    super('OUT_OF_ORDER_SEQUENCE_NUMBER', message);
  }
}
export class InvalidProducerEpochError extends CoordinatorError {
  constructor(message: string) {
    super('INVALID_PRODUCER_EPOCH', message);
  }
}
/** Defined for the broker's table; the producer state accepts unknown producer ids (no state = any sequence). */
export class UnknownProducerIdError extends CoordinatorError {
  constructor(message: string) {
    super('UNKNOWN_PRODUCER_ID', message);
  }
}

// Groups
export class InvalidGroupIdError extends CoordinatorError {
  constructor(message = 'group id must be a non-empty string') {
    super('INVALID_GROUP_ID', message);
  }
}
export class InvalidSessionTimeoutError extends CoordinatorError {
  constructor(message: string) {
    super('INVALID_SESSION_TIMEOUT', message);
  }
}
export class InconsistentGroupProtocolError extends CoordinatorError {
  constructor(message: string) {
    super('INCONSISTENT_GROUP_PROTOCOL', message);
  }
}
export class UnknownMemberIdError extends CoordinatorError {
  constructor(message: string) {
    super('UNKNOWN_MEMBER_ID', message);
  }
}
export class IllegalGenerationError extends CoordinatorError {
  constructor(message: string) {
    super('ILLEGAL_GENERATION', message);
  }
}
export class RebalanceInProgressError extends CoordinatorError {
  constructor(message = 'the group is rebalancing, rejoin') {
    super('REBALANCE_IN_PROGRESS', message);
  }
}
/** JoinGroup v4+ without a member id: the client must rejoin with `memberId`. */
export class MemberIdRequiredError extends CoordinatorError {
  constructor(readonly memberId: string) {
    super('MEMBER_ID_REQUIRED', `rejoin with the assigned member id ${memberId}`);
  }
}
export class FencedInstanceIdError extends CoordinatorError {
  constructor(message: string) {
    super('FENCED_INSTANCE_ID', message);
  }
}
export class NonEmptyGroupError extends CoordinatorError {
  constructor(groupId: string) {
    super('NON_EMPTY_GROUP', `group ${groupId} is not empty`);
  }
}
export class GroupIdNotFoundError extends CoordinatorError {
  constructor(groupId: string) {
    super('GROUP_ID_NOT_FOUND', `group ${groupId} does not exist`);
  }
}

// Transactions
export class InvalidTransactionTimeoutError extends CoordinatorError {
  constructor(message: string) {
    super('INVALID_TRANSACTION_TIMEOUT', message);
  }
}
export class ConcurrentTransactionsError extends CoordinatorError {
  constructor(message: string) {
    super('CONCURRENT_TRANSACTIONS', message);
  }
}
export class ProducerFencedError extends CoordinatorError {
  constructor(message: string) {
    super('PRODUCER_FENCED', message);
  }
}
export class InvalidTxnStateError extends CoordinatorError {
  constructor(message: string) {
    super('INVALID_TXN_STATE', message);
  }
}
export class InvalidProducerIdMappingError extends CoordinatorError {
  constructor(message: string) {
    super('INVALID_PRODUCER_ID_MAPPING', message);
  }
}
