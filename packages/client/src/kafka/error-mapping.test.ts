import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { TributaryError } from '@tributary/protocol';
import { FencedProducerError, TopicExistsError, BrokerError, ClusterConnectionError, GroupNotEmptyError, RecordTooLargeError, CommitFailedError } from '../errors/client-errors.js';
import { fromKafkajsError } from './error-mapping.js';

const { KafkaJSNumberOfRetriesExceeded, KafkaJSConnectionError } = kafkajs;
// kafkajs's typings declare the constructor as taking an Error, but at run time it reads the
// broker's { type, code, retriable, message } shape, which is what the adapter sees.
const KafkaJSProtocolError = kafkajs.KafkaJSProtocolError as unknown as new (e: {
  type: string;
  code: number;
  retriable: boolean;
  message: string;
}) => Error;

describe('fromKafkajsError', () => {
  it('maps protocol error types to typed errors with stable codes', () => {
    const fenced = fromKafkajsError(new KafkaJSProtocolError({ type: 'INVALID_PRODUCER_EPOCH', code: 47, retriable: false, message: 'fenced' }));
    expect(fenced).toBeInstanceOf(FencedProducerError);
    expect((fenced as TributaryError).code).toBe('PRODUCER_FENCED');
    const other = fromKafkajsError(new KafkaJSProtocolError({ type: 'NOT_CONTROLLER', code: 41, retriable: true, message: 'x' }));
    expect(other).toBeInstanceOf(BrokerError);
    expect(other).toMatchObject({ code: 'NOT_CONTROLLER', kafkaErrorCode: 41, retriable: true });
  });

  it('maps MESSAGE_TOO_LARGE to RecordTooLargeError and NON_EMPTY_GROUP to GroupNotEmptyError', () => {
    const big = fromKafkajsError(new KafkaJSProtocolError({ type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false, message: 'big' }));
    expect(big).toBeInstanceOf(RecordTooLargeError);
    expect(big).toMatchObject({ code: 'RECORD_TOO_LARGE', kafkaErrorCode: 10 });
    expect(fromKafkajsError(new KafkaJSProtocolError({ type: 'NON_EMPTY_GROUP', code: 68, retriable: false, message: 'x' }))).toBeInstanceOf(GroupNotEmptyError);
  });

  it('unwraps retry wrappers to the broker answer', () => {
    const inner = new KafkaJSProtocolError({ type: 'TOPIC_ALREADY_EXISTS', code: 36, retriable: false, message: 'exists' });
    const wrapped = new KafkaJSNumberOfRetriesExceeded(inner, { retryCount: 5, retryTime: 100 });
    expect(fromKafkajsError(wrapped)).toBeInstanceOf(TopicExistsError);
  });

  it('maps connection failures', () => {
    expect(fromKafkajsError(new KafkaJSConnectionError('refused'))).toBeInstanceOf(ClusterConnectionError);
  });
});

describe('fromKafkajsError on re-wrapped protocol errors', () => {
  it('recovers commit failures that kafkajs re-wraps without their type', () => {
    const wrapped = new kafkajs.KafkaJSNonRetriableError(new Error('Specified group generation id is not valid'));
    expect(fromKafkajsError(wrapped, 'consumer.commit')).toBeInstanceOf(CommitFailedError);
  });
});
