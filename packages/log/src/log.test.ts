import fs from 'node:fs';
import path from 'node:path';
import { CorruptRecordError, encodeRecordBatch } from '@tributary/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidConfigError, InvalidPartitionsError, InvalidTopicError, LogClosedError, OffsetOutOfRangeError,
  RecordTooLargeError, TopicExistsError, UnknownTopicError,
} from './errors/log-errors.js';
import { Log } from './log.js';
import { batchOf, decodeAll, readAll, tempDir } from './test-kit.test-helper.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;
const freshDir = (): string => path.join(tmp.dir, `log-${n++}`);

describe('topics', () => {
  it('validates names with Kafka rules', async () => {
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 0 });
    for (const bad of ['', '.', '..', 'a/b', 'spaces no', 'x'.repeat(250), 'ü']) {
      await expect(log.createTopic(bad)).rejects.toBeInstanceOf(InvalidTopicError);
    }
    await log.createTopic('ok.name_with-dashes.0');
    await expect(log.createTopic('ok.name_with-dashes.0')).rejects.toBeInstanceOf(TopicExistsError);
    await expect(log.createTopic('p', { partitions: 0 })).rejects.toBeInstanceOf(InvalidPartitionsError);
    expect(log.listTopics()).toEqual(['ok.name_with-dashes.0']);
    await log.close();
  });

  it('applies Kafka defaults, log-level defaults and validated overrides', async () => {
    const log = await Log.open({ inMemory: true, defaults: { 'retention.ms': 1000 }, cleanerIntervalMs: 0 });
    const d = await log.createTopic('t', { partitions: 3, configs: { 'cleanup.policy': 'compact,delete', 'segment.bytes': '4096', 'compression.type': 'producer' } });
    expect(d.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(d.configs['retention.ms']).toBe(1000);
    expect(d.configs['segment.bytes']).toBe(4096);
    expect(d.configs['max.message.bytes']).toBe(1048588);
    expect(d.configs['message.timestamp.type']).toBe('CreateTime');
    expect(d.overrides).toEqual({ 'cleanup.policy': 'compact,delete', 'segment.bytes': '4096', 'compression.type': 'producer' });
    await expect(log.createTopic('u', { configs: { 'retention.ms': 'soon' } })).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(log.createTopic('u', { configs: { 'cleanup.policy': 'shred' } })).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(log.createTopic('u', { configs: { 'no.such.config': 1 } })).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(Log.open({ inMemory: true, defaults: { 'segment.bytes': -5 } })).rejects.toBeInstanceOf(InvalidConfigError);
    expect(log.hasTopic('u')).toBe(false);
    const altered = await log.alterTopicConfig('t', { 'retention.ms': -1, 'segment.bytes': null });
    expect(altered['retention.ms']).toBe(-1);
    expect(altered['segment.bytes']).toBe(1024 ** 3);
    await log.close();
  });

  it('persists topics, configs, partition counts and data across restarts; deletes files', async () => {
    const dir = freshDir();
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    await log.createTopic('a', { partitions: 2, configs: { 'retention.ms': 5000 } });
    await log.createTopic('__consumer_offsets', { partitions: 1, configs: { 'cleanup.policy': 'compact' } });
    await log.append('a', 1, batchOf([{ key: 'k', value: 'v' }]));
    await log.createPartitions('a', 4);
    await expect(log.createPartitions('a', 3)).rejects.toBeInstanceOf(InvalidPartitionsError);
    await log.close();

    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    expect(log.listTopics()).toEqual(['a']);
    expect(log.listTopics({ includeInternal: true })).toEqual(['__consumer_offsets', 'a']);
    const a = log.describeTopic('a');
    expect(a.partitions.length).toBe(4);
    expect(a.configs['retention.ms']).toBe(5000);
    expect(decodeAll((await log.read('a', 1, 0)).batches).map((r) => r.value)).toEqual(['v']);
    await log.deleteTopic('a');
    expect(fs.existsSync(path.join(dir, 'topics', 'a'))).toBe(false);
    expect(() => log.describeTopic('a')).toThrow(UnknownTopicError);
    await log.close();
    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    expect(log.listTopics({ includeInternal: true })).toEqual(['__consumer_offsets']);
    await log.close();
  });
});

describe('append and read', () => {
  it('rejects bad input with typed errors and stays usable', async () => {
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 0 });
    await log.createTopic('t', { configs: { 'max.message.bytes': 200 } });
    await expect(log.append('nope', 0, batchOf([{ key: null, value: 'x' }]))).rejects.toBeInstanceOf(UnknownTopicError);
    await expect(log.append('t', 1, batchOf([{ key: null, value: 'x' }]))).rejects.toBeInstanceOf(UnknownTopicError);
    await expect(log.append('t', 0, batchOf([{ key: null, value: 'x'.repeat(300) }]))).rejects.toBeInstanceOf(RecordTooLargeError);
    const corrupt = batchOf([{ key: null, value: 'abc' }]);
    corrupt[corrupt.length - 1]! ^= 1;
    await expect(log.append('t', 0, corrupt)).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(log.append('t', 0, batchOf([{ key: null, value: 'abc' }]).subarray(0, 30))).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(log.read('t', 0, 1)).rejects.toBeInstanceOf(OffsetOutOfRangeError);
    const ok = await log.append('t', 0, batchOf([{ key: null, value: 'fine' }]));
    expect(ok.baseOffset).toBe(0);
    await log.close();
    await expect(log.append('t', 0, batchOf([{ key: null, value: 'x' }]))).rejects.toBeInstanceOf(LogClosedError);
  });

  it('reads whole batches from the one holding the offset, within maxBytes but at least one', async () => {
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 0 });
    await log.createTopic('t');
    const b = batchOf(Array.from({ length: 5 }, (_, i) => ({ key: null, value: `v${i}` })));
    await log.append('t', 0, Buffer.concat([b, Buffer.from(b)]));
    const one = await log.read('t', 0, 3, { maxBytes: 1 });
    expect(decodeAll(one.batches).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(one.highWatermark).toBe(10);
    const both = await log.read('t', 0, 3, { maxBytes: b.length * 2 });
    expect(decodeAll(both.batches).length).toBe(10);
    expect((await log.read('t', 0, 10)).batches.length).toBe(0);
    await log.close();
  });

  it('stamps LogAppendTime and finds offsets by timestamp', async () => {
    const clock = 5_000;
    const log = await Log.open({ inMemory: true, now: () => clock, cleanerIntervalMs: 0 });
    await log.createTopic('lat', { configs: { 'message.timestamp.type': 'LogAppendTime' } });
    const r = await log.append('lat', 0, batchOf([{ key: null, value: 'a', timestamp: 1 }]));
    expect(r.logAppendTime).toBe(5_000);
    expect(decodeAll((await log.read('lat', 0, 0)).batches)[0]!.timestamp).toBe(5_000);

    await log.createTopic('ct', { configs: { 'segment.bytes': 200, 'index.interval.bytes': 1 } });
    for (let i = 0; i < 20; i++) await log.append('ct', 0, batchOf([{ key: null, value: 'a', timestamp: i * 10 }, { key: null, value: 'b', timestamp: i * 10 + 5 }]));
    expect(await log.listOffset('ct', 0, { timestamp: 0 })).toEqual({ offset: 0, timestamp: 0 });
    expect(await log.listOffset('ct', 0, { timestamp: 51 })).toEqual({ offset: 11, timestamp: 55 });
    expect(await log.listOffset('ct', 0, { timestamp: 120 })).toEqual({ offset: 24, timestamp: 120 });
    expect(await log.listOffset('ct', 0, { timestamp: 1_000 })).toEqual({ offset: -1, timestamp: -1 });
    expect(await log.listOffset('ct', 0, 'latest')).toEqual({ offset: 40, timestamp: -1 });
    await log.close();
  });

  it('waitForData is woken by an append, times out, and honours abort', async () => {
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 0 });
    await log.createTopic('t');
    const woken = log.waitForData('t', 0, 0, 10_000);
    await log.append('t', 0, batchOf([{ key: null, value: 'x' }]));
    expect(await woken).toBe(true);
    expect(await log.waitForData('t', 0, 1, 20)).toBe(false);
    const ac = new AbortController();
    const aborted = log.waitForData('t', 0, 1, 10_000, ac.signal);
    ac.abort();
    expect(await aborted).toBe(false);
    await log.close();
  });

  it('acks: none resolves at once, leader after write; all land in order', async () => {
    const log = await Log.open({ dir: freshDir(), cleanerIntervalMs: 0 });
    await log.createTopic('t');
    const results = await Promise.all([
      log.append('t', 0, batchOf([{ key: null, value: '0' }]), { acks: 'none' }),
      log.append('t', 0, batchOf([{ key: null, value: '1' }]), { acks: 'leader' }),
      log.append('t', 0, batchOf([{ key: null, value: '2' }]), { acks: 'durable' }),
    ]);
    expect(results.map((r) => r.baseOffset)).toEqual([0, 1, 2]);
    expect((await readAll((o) => log.read('t', 0, o), 0)).map((r) => r.value)).toEqual(['0', '1', '2']);
    await log.close();
  });

  it('flush.messages > 1 acknowledges after write and still flushes on close', async () => {
    const dir = freshDir();
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    await log.createTopic('t', { configs: { 'flush.messages': 1000, 'flush.ms': 10 } });
    for (let i = 0; i < 5; i++) await log.append('t', 0, encodeRecordBatch([{ key: null, value: Buffer.from(`${i}`) }]));
    await log.close();
    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    expect(log.describeTopic('t').partitions[0]!.highWatermark).toBe(5);
    await log.close();
  });
});
