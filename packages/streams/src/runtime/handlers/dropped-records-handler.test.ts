import { describe, expect, it } from 'vitest';
import { embedded } from '@tributary/client';
import type { DroppedRecordEvent } from '../../processor/ops/dropped-records.js';
import { resolveConfig, type TributaryStreamsConfig } from '../streams-app-config.js';
import { DROPPED_RECORD_HEADERS, DroppedRecordsHandlers, droppedRecordHeaders, type DroppedRecordsHandler } from './dropped-records-handler.js';
import { DLQ_HEADERS } from './exception-handlers.js';

const drop: DroppedRecordEvent = {
  applicationId: 'app',
  taskId: '0_1',
  processorName: 'KSTREAM-AGGREGATE-0000000002',
  reason: 'late',
  key: 'k',
  value: 'v',
  timestamp: 42,
  topic: 'in',
  partition: 1,
  offset: 7,
};

describe('DroppedRecordsHandlers', () => {
  it('deadLetter(topic) answers that topic for every drop; count() answers none', () => {
    expect(DroppedRecordsHandlers.deadLetter('late-records')(drop, null)).toEqual({ deadLetterTopic: 'late-records' });
    expect(DroppedRecordsHandlers.count()(drop, null)).toEqual({});
  });

  it('rejects illegal dead-letter topic names with INVALID_ARGUMENT', () => {
    for (const bad of ['', '.', '..', 'has space', 'x'.repeat(250), 'ü']) {
      expect(() => DroppedRecordsHandlers.deadLetter(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('builds headers: the source headers, then reason, processor, dropped timestamp and source location', () => {
    const source = { taskId: '0_1', topic: 'in', partition: 1, offset: 7, timestamp: 40, key: Buffer.from('k'), value: null, headers: [{ key: 'trace', value: Buffer.from('t1') }, { key: 'gone', value: null }] };
    const text = droppedRecordHeaders(source, drop).map((h) => [h.key, h.value?.toString()]);
    expect(text).toEqual([
      ['trace', 't1'],
      [DROPPED_RECORD_HEADERS.reason, 'late'],
      [DROPPED_RECORD_HEADERS.processor, 'KSTREAM-AGGREGATE-0000000002'],
      [DROPPED_RECORD_HEADERS.timestamp, '42'],
      [DLQ_HEADERS.topic, 'in'],
      [DLQ_HEADERS.partition, '1'],
      [DLQ_HEADERS.offset, '7'],
    ]);
  });
});

describe('droppedRecordsHandler config', () => {
  const base: TributaryStreamsConfig = { applicationId: 'app', cluster: embedded({ inMemory: true, cleanerIntervalMs: 0 }) };

  it('defaults to counting only and keeps a given handler', () => {
    expect(resolveConfig(base).droppedRecordsHandler).toBeNull();
    const handler: DroppedRecordsHandler = DroppedRecordsHandlers.deadLetter('dlq');
    expect(resolveConfig({ ...base, droppedRecordsHandler: handler }).droppedRecordsHandler).toBe(handler);
  });

  it('rejects a handler that is not a function with INVALID_ARGUMENT', () => {
    const config = { ...base, droppedRecordsHandler: 'dlq' } as unknown as TributaryStreamsConfig;
    expect(() => resolveConfig(config)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
