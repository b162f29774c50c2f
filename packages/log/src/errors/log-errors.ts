import { TributaryError } from '@tributary/protocol';

/** The topic or partition does not exist (Kafka's UNKNOWN_TOPIC_OR_PARTITION). */
export class UnknownTopicError extends TributaryError {
  constructor(topic: string, partition?: number) {
    super('UNKNOWN_TOPIC_OR_PARTITION', partition === undefined ? `unknown topic ${topic}` : `unknown topic-partition ${topic}-${partition}`);
  }
}

/** The topic name breaks Kafka's naming rules. */
export class InvalidTopicError extends TributaryError {
  constructor(message: string) {
    super('INVALID_TOPIC', message);
  }
}

export class TopicExistsError extends TributaryError {
  constructor(topic: string) {
    super('TOPIC_ALREADY_EXISTS', `topic ${topic} already exists`);
  }
}

/** A partition count that is not a positive integer, or a shrink. */
export class InvalidPartitionsError extends TributaryError {
  constructor(message: string) {
    super('INVALID_PARTITIONS', message);
  }
}

/** A batch larger than the topic's max.message.bytes. */
export class RecordTooLargeError extends TributaryError {
  constructor(size: number, max: number) {
    super('RECORD_TOO_LARGE', `batch of ${size} bytes exceeds max.message.bytes ${max}`);
  }
}

/** An offset below the log start offset or above the log end offset. */
export class OffsetOutOfRangeError extends TributaryError {
  constructor(offset: number, logStartOffset: number, logEndOffset: number) {
    super('OFFSET_OUT_OF_RANGE', `offset ${offset} is outside [${logStartOffset}, ${logEndOffset}]`);
  }
}

export class InvalidConfigError extends TributaryError {
  constructor(message: string) {
    super('INVALID_CONFIG', message);
  }
}

export class LogClosedError extends TributaryError {
  constructor() {
    super('LOG_CLOSED', 'the log is closed');
  }
}

/**
 * A write or fsync failed: the partition goes offline (as a Kafka log dir does) and needs a
 * reopen, which recovers it from disk.
 */
export class StorageError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KAFKA_STORAGE_ERROR', message, options);
  }
}
