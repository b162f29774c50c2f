import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStorage, readMetaProperties, StorageAlreadyFormattedError } from '../storage/format-storage.js';
import { brokerConfigDefaults } from './broker-config.js';
import { InvalidConfigError } from './invalid-config-error.js';
import { parseProperties } from './parse-properties.js';
import { brokerConfigFromProperties, resolveBrokerConfig } from './resolve-config.js';

describe('server.properties parsing', () => {
  it('reads comments, separators, continuations and escapes like java.util.Properties', () => {
    const p = parseProperties('# c\n! c2\na=1\nb : 2\nc 3\n  d=x\\\n    y\ne=tab\\tz\nf\n');
    expect(Object.fromEntries(p)).toEqual({ a: '1', b: '2', c: '3', d: 'xy', e: 'tab\tz', f: '' });
  });

  it('maps Kafka keys to the config, with flag overrides winning', () => {
    const text = [
      'node.id=3',
      'listeners=PLAINTEXT://0.0.0.0:19092,CONTROLLER://:19093',
      'log.dirs=/data/a,/data/b',
      'num.partitions=4',
      'auto.create.topics.enable=false',
      'log.retention.hours=1',
      'message.max.bytes=2000',
      'group.initial.rebalance.delay.ms=0',
      'cluster.id=abc',
    ].join('\n');
    const c = brokerConfigFromProperties(text, { 'num.partitions': '6' });
    expect(c).toMatchObject({
      nodeId: 3,
      host: '0.0.0.0',
      port: 19092,
      advertisedHost: '127.0.0.1',
      logDir: '/data/a',
      numPartitions: 6,
      autoCreateTopicsEnable: false,
      logRetentionMs: 3_600_000,
      messageMaxBytes: 2000,
      groupInitialRebalanceDelayMs: 0,
      clusterId: 'abc',
      socketRequestMaxBytes: brokerConfigDefaults.socketRequestMaxBytes,
    });
    expect(brokerConfigFromProperties('advertised.listeners=PLAINTEXT://myhost:9999').advertisedHost).toBe('myhost');
    expect(brokerConfigFromProperties('log.retention.ms=-1').logRetentionMs).toBe(-1);
  });

  it('rejects malformed values with InvalidConfigError naming the key', () => {
    const bad = (text: string, key: string) => {
      try {
        brokerConfigFromProperties(text);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidConfigError);
        expect((err as InvalidConfigError).key).toBe(key);
        expect((err as InvalidConfigError).code).toBe('INVALID_CONFIG');
        return;
      }
      throw new Error(`accepted ${text}`);
    };
    bad('num.partitions=zero', 'num.partitions');
    bad('num.partitions=0', 'num.partitions');
    bad('auto.create.topics.enable=yes', 'auto.create.topics.enable');
    bad('listeners=nonsense', 'listeners');
    bad('listeners=PLAINTEXT://:70000', 'listeners');
    expect(() => resolveBrokerConfig({ messageMaxBytes: -5 })).toThrow(InvalidConfigError);
  });
});

describe('formatStorage', () => {
  it('writes meta.properties like kafka-storage format and refuses another cluster id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trib-fmt-'));
    await formatStorage({ dataDir: dir, clusterId: 'c1', nodeId: 2 });
    const text = await readFile(join(dir, 'meta.properties'), 'utf8');
    expect(text).toMatch(/^cluster\.id=c1$/m);
    expect(text).toMatch(/^node\.id=2$/m);
    expect(text).toMatch(/^version=1$/m);
    expect((await readMetaProperties(dir))?.get('directory.id')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await formatStorage({ dataDir: dir, clusterId: 'c1' });
    await expect(formatStorage({ dataDir: dir, clusterId: 'c2' })).rejects.toBeInstanceOf(StorageAlreadyFormattedError);
  });
});
