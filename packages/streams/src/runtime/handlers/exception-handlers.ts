import type { Headers } from '../../processor/headers.js';

/** The record that failed and where it came from, as handlers see it. */
export interface ErrorContext {
  readonly taskId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Headers;
}

/** CONTINUE drops the record (counted as dropped); FAIL stops the stream thread. */
export interface HandlerResponse {
  readonly action: 'CONTINUE' | 'FAIL';
  /** Also write the failed record, with error headers, to this topic (before its offset commits). */
  readonly deadLetterTopic?: string;
}

export type DeserializationExceptionHandler = (context: ErrorContext, error: unknown) => HandlerResponse;
export type ProcessingExceptionHandler = (context: ErrorContext | null, error: unknown) => HandlerResponse;
/** For output records that could not be written; `record` is the failed send. */
export type ProductionExceptionHandler = (record: { readonly topic: string; readonly partition: number | undefined }, error: unknown) => 'CONTINUE' | 'FAIL';

/** What to do when the stream thread dies (Kafka's StreamsUncaughtExceptionHandler responses). */
export type UncaughtExceptionResponse = 'REPLACE_THREAD' | 'SHUTDOWN_CLIENT' | 'SHUTDOWN_APPLICATION';
export type UncaughtExceptionHandler = (error: unknown) => UncaughtExceptionResponse;

const CONTINUE: HandlerResponse = { action: 'CONTINUE' };
const FAIL: HandlerResponse = { action: 'FAIL' };

/** Ready-made handlers (Kafka's LogAndContinue / LogAndFail / dead-letter-queue variants). */
export const ExceptionHandlers = {
  logAndContinue: (): DeserializationExceptionHandler & ProcessingExceptionHandler => () => CONTINUE,
  logAndFail: (): DeserializationExceptionHandler & ProcessingExceptionHandler => () => FAIL,
  /** Continue, and dead-letter the record to `topic` with `__streams.errors.*` headers. */
  deadLetter: (topic: string): DeserializationExceptionHandler & ProcessingExceptionHandler => () => ({ action: 'CONTINUE', deadLetterTopic: topic }),
  productionContinue: (): ProductionExceptionHandler => () => 'CONTINUE',
  productionFail: (): ProductionExceptionHandler => () => 'FAIL',
} as const;

/** Header names on dead-lettered records. */
export const DLQ_HEADERS = {
  exception: '__streams.errors.exception',
  message: '__streams.errors.message',
  stacktrace: '__streams.errors.stacktrace',
  topic: '__streams.errors.topic',
  partition: '__streams.errors.partition',
  offset: '__streams.errors.offset',
} as const;

/** The failed record's headers plus error information (values are UTF-8 strings). */
export function deadLetterHeaders(context: ErrorContext, error: unknown): Headers {
  const e = error instanceof Error ? error : new Error(String(error));
  const h = (key: string, value: string): { key: string; value: Buffer } => ({ key, value: Buffer.from(value) });
  return [
    ...context.headers.filter((x) => x.value !== null),
    h(DLQ_HEADERS.exception, e.name),
    h(DLQ_HEADERS.message, e.message),
    h(DLQ_HEADERS.stacktrace, e.stack ?? ''),
    h(DLQ_HEADERS.topic, context.topic),
    h(DLQ_HEADERS.partition, String(context.partition)),
    h(DLQ_HEADERS.offset, String(context.offset)),
  ];
}
