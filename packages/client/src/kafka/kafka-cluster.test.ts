import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnsupportedFeatureError } from '../errors/client-errors.js';
import { kafka } from './kafka-cluster.js';

describe('kafka(config)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('creates producers without kafkajs writing to the console or warning about partitioners', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const seen: string[] = [];
    const record = (obj: object | string, msg?: string): void => void seen.push(msg ?? String(obj));
    const cluster = kafka({ brokers: ['127.0.0.1:1'], logger: { debug: record, info: record, warn: record, error: record }, logLevel: 'debug' });
    cluster.producer();
    cluster.producer({ transactionalId: 'x' });
    expect(seen.filter((m) => /partitioner/i.test(m))).toEqual([]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('rejects acks other than -1 for idempotent producers', () => {
    const cluster = kafka({ brokers: ['127.0.0.1:1'] });
    expect(() => cluster.producer({ acks: 1 })).toThrow(/acks=-1/);
    expect(() => cluster.producer({ idempotent: false, acks: 1 })).not.toThrow();
  });

  it('declares its kafkajs gaps as capabilities and refuses static membership', () => {
    const cluster = kafka({ brokers: ['127.0.0.1:1'] });
    expect(cluster.capabilities).toEqual({ groupMetadataFencing: false, nullHeaderValues: false, staticMembership: false });
    expect(() => cluster.consumer({ groupId: 'g', groupInstanceId: 'i' })).toThrow(UnsupportedFeatureError);
    expect(() => cluster.consumer({ groupId: 'g', clientId: 'own' })).not.toThrow();
  });
});
