import { TributaryError } from '@tributary/protocol';
import { KafkaErrorCode } from './kafka-error-code.js';

/**
 * THE table from Tributary error codes (TributaryError.code) to Kafka's numeric error codes.
 * Codes that already carry a Kafka error name (e.g. 'REBALANCE_IN_PROGRESS') map to themselves
 * without an entry here.
 */
const tributaryToKafka: Readonly<Record<string, number>> = {
  // protocol / records
  CORRUPT_RECORD: KafkaErrorCode.CORRUPT_MESSAGE,
  BUFFER_UNDERFLOW: KafkaErrorCode.CORRUPT_MESSAGE,
  CRC_MISMATCH: KafkaErrorCode.CORRUPT_MESSAGE,
  INVALID_RECORD_BATCH: KafkaErrorCode.CORRUPT_MESSAGE,
  UNSUPPORTED_COMPRESSION: KafkaErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
  COMPRESSION_ERROR: KafkaErrorCode.CORRUPT_MESSAGE,
  DECOMPRESSION_FAILED: KafkaErrorCode.CORRUPT_MESSAGE,
  UNSUPPORTED_VERSION: KafkaErrorCode.UNSUPPORTED_VERSION,
  INVALID_REQUEST: KafkaErrorCode.INVALID_REQUEST,
  // topics and partitions
  UNKNOWN_TOPIC: KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  UNKNOWN_PARTITION: KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  TOPIC_NOT_FOUND: KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  TOPIC_EXISTS: KafkaErrorCode.TOPIC_ALREADY_EXISTS,
  INVALID_TOPIC: KafkaErrorCode.INVALID_TOPIC_EXCEPTION,
  INVALID_TOPIC_NAME: KafkaErrorCode.INVALID_TOPIC_EXCEPTION,
  INVALID_PARTITION_COUNT: KafkaErrorCode.INVALID_PARTITIONS,
  OFFSET_OUT_OF_RANGE: KafkaErrorCode.OFFSET_OUT_OF_RANGE,
  RECORD_TOO_LARGE: KafkaErrorCode.MESSAGE_TOO_LARGE,
  BATCH_TOO_LARGE: KafkaErrorCode.MESSAGE_TOO_LARGE,
  INVALID_CONFIG: KafkaErrorCode.INVALID_CONFIG,
  INVALID_TOPIC_CONFIG: KafkaErrorCode.INVALID_CONFIG,
  LOG_CLOSED: KafkaErrorCode.KAFKA_STORAGE_ERROR,
  STORAGE_ERROR: KafkaErrorCode.KAFKA_STORAGE_ERROR,
  // producers and transactions
  OUT_OF_ORDER_SEQUENCE: KafkaErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  DUPLICATE_SEQUENCE: KafkaErrorCode.DUPLICATE_SEQUENCE_NUMBER,
  INVALID_PRODUCER_EPOCH: KafkaErrorCode.INVALID_PRODUCER_EPOCH,
  FENCED_PRODUCER: KafkaErrorCode.PRODUCER_FENCED,
  PRODUCER_FENCED: KafkaErrorCode.PRODUCER_FENCED,
  UNKNOWN_PRODUCER: KafkaErrorCode.UNKNOWN_PRODUCER_ID,
  INVALID_TXN_STATE: KafkaErrorCode.INVALID_TXN_STATE,
  INVALID_TRANSACTION_STATE: KafkaErrorCode.INVALID_TXN_STATE,
  INVALID_PRODUCER_ID_MAPPING: KafkaErrorCode.INVALID_PRODUCER_ID_MAPPING,
  INVALID_TRANSACTION_TIMEOUT: KafkaErrorCode.INVALID_TRANSACTION_TIMEOUT,
  CONCURRENT_TRANSACTIONS: KafkaErrorCode.CONCURRENT_TRANSACTIONS,
  // groups
  UNKNOWN_MEMBER: KafkaErrorCode.UNKNOWN_MEMBER_ID,
  ILLEGAL_GENERATION: KafkaErrorCode.ILLEGAL_GENERATION,
  REBALANCE_IN_PROGRESS: KafkaErrorCode.REBALANCE_IN_PROGRESS,
  INCONSISTENT_GROUP_PROTOCOL: KafkaErrorCode.INCONSISTENT_GROUP_PROTOCOL,
  INVALID_SESSION_TIMEOUT: KafkaErrorCode.INVALID_SESSION_TIMEOUT,
  MEMBER_ID_REQUIRED: KafkaErrorCode.MEMBER_ID_REQUIRED,
  FENCED_INSTANCE_ID: KafkaErrorCode.FENCED_INSTANCE_ID,
  GROUP_NOT_EMPTY: KafkaErrorCode.NON_EMPTY_GROUP,
  NON_EMPTY_GROUP: KafkaErrorCode.NON_EMPTY_GROUP,
  GROUP_NOT_FOUND: KafkaErrorCode.GROUP_ID_NOT_FOUND,
  INVALID_GROUP_ID: KafkaErrorCode.INVALID_GROUP_ID,
  UNSTABLE_OFFSET_COMMIT: KafkaErrorCode.UNSTABLE_OFFSET_COMMIT,
  // broker
  INVALID_CONFIG_VALUE: KafkaErrorCode.INVALID_CONFIG,
};

/** Registers more mappings (e.g. codes added by a later log version) without touching callers. */
const extra = new Map<string, number>();
export function registerErrorCode(tributaryCode: string, kafkaCode: number): void {
  extra.set(tributaryCode, kafkaCode);
}

/** The Kafka error code for any thrown value: mapped TributaryErrors, else UNKNOWN_SERVER_ERROR. */
export function kafkaErrorCodeOf(err: unknown): number {
  if (err instanceof TributaryError || isCoded(err)) {
    const code = (err as { code: string }).code;
    const mapped = tributaryToKafka[code] ?? extra.get(code);
    if (mapped !== undefined) return mapped;
    const byName = (KafkaErrorCode as Record<string, number>)[code];
    if (byName !== undefined) return byName;
    const numeric = (err as { kafkaErrorCode?: unknown }).kafkaErrorCode;
    if (typeof numeric === 'number') return numeric;
  }
  return KafkaErrorCode.UNKNOWN_SERVER_ERROR;
}

/** A short message for responses that carry ErrorMessage, or null for success. */
export function errorMessageOf(err: unknown): string | null {
  return err instanceof Error ? err.message : null;
}

function isCoded(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';
}
