import { TributaryError } from '@tributary/protocol';
import { OffsetOutOfRangeError, RecordTooLargeError, TopicExistsError, UnknownTopicError } from '@tributary/log';
import { describe, expect, it } from 'vitest';
import { kafkaErrorCodeOf, registerErrorCode } from './error-codes.js';
import { KafkaErrorCode } from './kafka-error-code.js';

describe('error code table', () => {
  it('maps the log\'s errors to Kafka codes', () => {
    expect(kafkaErrorCodeOf(new UnknownTopicError('t'))).toBe(3);
    expect(kafkaErrorCodeOf(new TopicExistsError('t'))).toBe(36);
    expect(kafkaErrorCodeOf(new RecordTooLargeError(10, 5))).toBe(10);
    expect(kafkaErrorCodeOf(new OffsetOutOfRangeError(9, 0, 3))).toBe(1);
  });

  it('maps Kafka-named codes to themselves, registered codes, and anything else to UNKNOWN_SERVER_ERROR', () => {
    expect(kafkaErrorCodeOf(new TributaryError('REBALANCE_IN_PROGRESS', 'x'))).toBe(27);
    expect(kafkaErrorCodeOf(new TributaryError('CORRUPT_RECORD', 'x'))).toBe(KafkaErrorCode.CORRUPT_MESSAGE);
    registerErrorCode('SOMETHING_NEW', 87);
    expect(kafkaErrorCodeOf(new TributaryError('SOMETHING_NEW', 'x'))).toBe(87);
    expect(kafkaErrorCodeOf(new Error('boom'))).toBe(-1);
    expect(kafkaErrorCodeOf(Object.assign(new Error('fs'), { code: 'ENOENT' }))).toBe(-1);
    expect(kafkaErrorCodeOf(undefined)).toBe(-1);
  });
});
