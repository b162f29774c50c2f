import { StreamsArgumentError } from '../../errors/streams-errors.js';
import type { Headers } from '../../processor/headers.js';
import type { DroppedRecordEvent } from '../../processor/ops/dropped-records.js';
import { DLQ_HEADERS, type ErrorContext } from './exception-handlers.js';

/** What to do besides counting a record an operator dropped (late, null key, null value). */
export interface DroppedRecordResponse {
  /** Also write the input record being processed, raw, with `__streams.dropped.*` headers, to this topic. */
  readonly deadLetterTopic?: string;
}

/**
 * Called for every operator drop of the application (a hopping or sliding window drops per
 * window, so one input record may be reported more than once). `source` is the raw input record
 * being processed when it happened; null when the drop happened outside input processing
 * (punctuation, a cache flush at commit), and then nothing can be dead-lettered.
 */
export type DroppedRecordsHandler = (drop: DroppedRecordEvent, source: ErrorContext | null) => DroppedRecordResponse;

const COUNT_ONLY: DroppedRecordResponse = {};

/** Ready-made dropped-records handlers. */
export const DroppedRecordsHandlers = {
  /** Only count (the default). */
  count: (): DroppedRecordsHandler => () => COUNT_ONLY,
  /** Count, and dead-letter the input record to `topic` (once per input record and processor). */
  deadLetter: (topic: string): DroppedRecordsHandler => {
    checkTopicName('DroppedRecordsHandlers.deadLetter', topic);
    const response: DroppedRecordResponse = { deadLetterTopic: topic };
    return () => response;
  },
} as const;

/**
 * Header names on dead-lettered dropped records. The source location reuses the exception
 * dead-letter names, so one reader handles both kinds of dead letter.
 */
export const DROPPED_RECORD_HEADERS = {
  reason: '__streams.dropped.reason',
  processor: '__streams.dropped.processor',
  /** Timestamp of the record the operator dropped (the input record's may differ after a timestamp extractor). */
  timestamp: '__streams.dropped.timestamp',
  topic: DLQ_HEADERS.topic,
  partition: DLQ_HEADERS.partition,
  offset: DLQ_HEADERS.offset,
} as const;

/** The source record's headers plus why, where and by whom it was dropped (values are UTF-8 strings). */
export function droppedRecordHeaders(source: ErrorContext, drop: DroppedRecordEvent): Headers {
  const h = (key: string, value: string): { key: string; value: Buffer } => ({ key, value: Buffer.from(value) });
  return [
    ...source.headers.filter((x) => x.value !== null),
    h(DROPPED_RECORD_HEADERS.reason, drop.reason),
    h(DROPPED_RECORD_HEADERS.processor, drop.processorName),
    h(DROPPED_RECORD_HEADERS.timestamp, String(drop.timestamp)),
    h(DROPPED_RECORD_HEADERS.topic, source.topic),
    h(DROPPED_RECORD_HEADERS.partition, String(source.partition)),
    h(DROPPED_RECORD_HEADERS.offset, String(source.offset)),
  ];
}

/** Kafka's legal topic names: 1-249 of [a-zA-Z0-9._-], not "." or "..". */
export function checkTopicName(what: string, topic: unknown): void {
  if (typeof topic !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(topic) || topic === '.' || topic === '..') {
    throw new StreamsArgumentError(`${what}: "${String(topic)}" is not a legal topic name ([a-zA-Z0-9._-], 1-249 characters)`);
  }
}
