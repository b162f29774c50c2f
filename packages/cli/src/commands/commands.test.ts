import { describe, expect, it } from 'vitest';
import { brokerConfigDefaults } from '@tributary/broker';
import { CliUsageError } from '../errors/cli-usage-error.js';
import { resolveStartConfig, startupLine } from './broker-config.js';
import { planConsume } from './consume-command.js';
import { exactlyOneAction } from './exactly-one-action.js';
import { resetStrategyOf } from './groups-command.js';
import { parseTopicPartitions, resetTarget } from './offset-reset.js';
import { parseAcks, planProduce } from './produce-command.js';
import { validateTopicsFlags } from './topics-command.js';

describe('topics flags', () => {
  it('needs exactly one action', () => {
    expect(() => validateTopicsFlags({})).toThrow(/topics needs one of --create, --list/);
    expect(() => validateTopicsFlags({ list: true, delete: true })).toThrow(/takes only one of .* got --list --delete/);
    expect(validateTopicsFlags({ list: true })).toBe('list');
  });

  it('checks --topic, --replication-factor and --alter arguments', () => {
    expect(() => validateTopicsFlags({ create: true })).toThrow('--create needs --topic <name>');
    expect(() => validateTopicsFlags({ create: true, topic: 't', replicationFactor: '3' })).toThrow(/must be 1 \(or -1/);
    expect(validateTopicsFlags({ create: true, topic: 't', replicationFactor: '-1', partitions: '3' })).toBe('create');
    expect(() => validateTopicsFlags({ alter: true, topic: 't' })).toThrow(/--alter needs --partitions, --config or --delete-config/);
    expect(() => validateTopicsFlags({ create: true, topic: 't', config: ['bad'] })).toThrow(CliUsageError);
  });

  it('maps dashed action names to commander camelCase flags', () => {
    expect(exactlyOneAction({ resetOffsets: true }, ['list', 'reset-offsets'], 'groups')).toBe('reset-offsets');
  });
});

describe('produce flags', () => {
  it('defaults to acks=all, idempotent, no transaction', () => {
    const plan = planProduce({ topic: 't' });
    expect(plan.producer).toMatchObject({ acks: -1, idempotent: true, compression: 'none' });
    expect(plan.producer.transactionalId).toBeUndefined();
    expect(plan.lineFormat.parseKey).toBe(false);
    expect(plan.batchSize).toBe(1000);
  });

  it('turns idempotence off for acks 0/1, and makes a transactional id with --transactional', () => {
    expect(planProduce({ topic: 't', acks: '1' }).producer).toMatchObject({ acks: 1, idempotent: false });
    expect(planProduce({ topic: 't', transactional: true }).producer.transactionalId).toMatch(/^tributary-console-producer-/);
    expect(planProduce({ topic: 't', transactionalId: 'tx-1' }).producer.transactionalId).toBe('tx-1');
    expect(() => planProduce({ topic: 't', transactional: true, acks: '1' })).toThrow(/--transactional needs --acks all/);
    expect(() => parseAcks('2')).toThrow(/--acks must be all, -1, 1 or 0/);
    expect(() => planProduce({})).toThrow('produce needs --topic <name>');
    expect(() => planProduce({ topic: 't', compression: 'brotli' })).toThrow(/--compression must be one of/);
  });

  it('reads Kafka console producer properties', () => {
    const plan = planProduce({ topic: 't', property: ['parse.key=true', 'key.separator=:'] });
    expect(plan.lineFormat).toMatchObject({ parseKey: true, keySeparator: ':' });
  });
});

describe('consume flags', () => {
  it('uses a throwaway group without commits unless --group is given', () => {
    const anon = planConsume({ topic: 't' }, 'anon-1');
    expect(anon).toMatchObject({ groupId: 'anon-1', commit: false, fromBeginning: false, maxMessages: null, timeoutMs: null, isolationLevel: 'read_uncommitted' });
    const named = planConsume({ topic: 't', group: 'g', fromBeginning: true, maxMessages: '10', timeoutMs: '5000', isolationLevel: 'read_committed' });
    expect(named).toMatchObject({ groupId: 'g', commit: true, fromBeginning: true, maxMessages: 10, timeoutMs: 5000, isolationLevel: 'read_committed' });
  });

  it('rejects bad values naming the flag', () => {
    expect(() => planConsume({ topic: 't', isolationLevel: 'committed' })).toThrow(/--isolation-level must be/);
    expect(() => planConsume({ topic: 't', maxMessages: '0' })).toThrow(/--max-messages must be between 1/);
    expect(() => planConsume({})).toThrow('consume needs --topic <name>');
  });

  it('combines --print-* shortcuts with --property', () => {
    const plan = planConsume({ topic: 't', printKey: true, property: ['print.offset=true'], keySeparator: ':' });
    expect(plan.format).toMatchObject({ printKey: true, printOffset: true, keySeparator: ':', printValue: true });
  });
});

describe('groups --reset-offsets', () => {
  it('needs exactly one strategy and not both --execute and --dry-run', () => {
    expect(() => resetStrategyOf({})).toThrow(/exactly one of --to-earliest/);
    expect(() => resetStrategyOf({ toEarliest: true, toLatest: true })).toThrow(CliUsageError);
    expect(() => resetStrategyOf({ toEarliest: true, execute: true, dryRun: true })).toThrow(/exclude each other/);
    expect(resetStrategyOf({ toOffset: '7' })).toEqual({ kind: 'offset', offset: 7 });
    expect(resetStrategyOf({ shiftBy: '-3' })).toEqual({ kind: 'shift', by: -3 });
  });

  it('clamps targets into [earliest, latest] like Kafka', () => {
    const p = { topic: 't', partition: 0, earliest: 10, latest: 100, current: 50 };
    expect(resetTarget({ kind: 'earliest' }, p)).toBe(10);
    expect(resetTarget({ kind: 'latest' }, p)).toBe(100);
    expect(resetTarget({ kind: 'offset', offset: 5 }, p)).toBe(10);
    expect(resetTarget({ kind: 'offset', offset: 500 }, p)).toBe(100);
    expect(resetTarget({ kind: 'shift', by: -20 }, p)).toBe(30);
    expect(resetTarget({ kind: 'shift', by: 5 }, { ...p, current: null })).toBe(15);
  });

  it('parses topic and topic:partitions', () => {
    expect(parseTopicPartitions('orders')).toEqual({ topic: 'orders', partitions: null });
    expect(parseTopicPartitions('orders:0,2')).toEqual({ topic: 'orders', partitions: [0, 2] });
    expect(() => parseTopicPartitions('orders:x')).toThrow(CliUsageError);
  });
});

describe('broker start config', () => {
  it('layers file, then --override, then --data-dir/--host/--port', () => {
    const c = resolveStartConfig({
      propertiesText: 'listeners=PLAINTEXT://127.0.0.1:9092\nnum.partitions=2\nlog.dirs=/from/file\n',
      overrides: { 'num.partitions': '4', 'log.dirs': '/from/override' },
      dataDir: '/from/flag',
      port: 0,
    });
    expect(c).toMatchObject({ numPartitions: 4, logDir: '/from/flag', port: 0, host: '127.0.0.1' });
  });

  it('works without a file and keeps Kafka defaults; --host 0.0.0.0 advertises loopback', () => {
    const c = resolveStartConfig({ host: '0.0.0.0' });
    expect(c).toMatchObject({ port: brokerConfigDefaults.port, logDir: null, host: '0.0.0.0', advertisedHost: '127.0.0.1' });
    expect(resolveStartConfig({ host: 'myhost' }).advertisedHost).toBe('myhost');
    expect(() => resolveStartConfig({ overrides: { 'num.partitions': 'x' } })).toThrow(/num.partitions/);
  });

  it('prints one readable startup line naming the listener', () => {
    const line = startupLine({ nodeId: 1, clusterId: 'abc', logDir: null }, '127.0.0.1', 40123);
    expect(line).toMatch(/^Tributary broker started: listening on PLAINTEXT:\/\/127\.0\.0\.1:40123 \(node\.id=1, cluster\.id=abc, log\.dirs=in memory/);
  });
});
