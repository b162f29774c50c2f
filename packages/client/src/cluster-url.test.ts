import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterFromUrl, parseClusterUrl } from './cluster-url.js';
import { InvalidArgumentError } from './errors/client-errors.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseClusterUrl', () => {
  it('reads the embedded, memory, tributary:// and kafka:// forms', () => {
    expect(parseClusterUrl('embedded')).toEqual({ kind: 'embedded', dir: '.tributary-data', description: 'embedded log at .tributary-data' });
    expect(parseClusterUrl('embedded', '/var/app')).toMatchObject({ kind: 'embedded', dir: '/var/app' });
    expect(parseClusterUrl('embedded:./data/x')).toMatchObject({ kind: 'embedded', dir: './data/x' });
    expect(parseClusterUrl('memory')).toMatchObject({ kind: 'memory' });
    expect(parseClusterUrl('tributary://127.0.0.1:9092')).toEqual({
      kind: 'kafka',
      scheme: 'tributary',
      brokers: ['127.0.0.1:9092'],
      description: 'tributary broker at 127.0.0.1:9092',
    });
    expect(parseClusterUrl('kafka://a:1, b:2,[::1]:3,c/')).toMatchObject({ kind: 'kafka', scheme: 'kafka', brokers: ['a:1', 'b:2', '[::1]:3', 'c:9092'] });
  });

  it('rejects anything else with InvalidArgumentError', () => {
    for (const bad of ['', 'embeded', 'embedded:', 'http://h:1', 'kafka://', 'kafka://h:port', 'kafka://h:70000', 'tributary://a:1:2']) {
      expect(() => parseClusterUrl(bad), bad).toThrow(InvalidArgumentError);
    }
  });
});

describe('clusterFromUrl', () => {
  it('makes kafka-adapter clusters for tributary:// and kafka://', () => {
    expect(clusterFromUrl('tributary://127.0.0.1:1').kind).toBe('kafka');
    expect(clusterFromUrl('kafka://127.0.0.1:1', { clientId: 'x', kafka: { logLevel: 'error' } }).kind).toBe('kafka');
  });

  it('memory: a working embedded cluster that starts empty each time', async () => {
    const cluster = clusterFromUrl('memory', { embedded: { cleanerIntervalMs: 0 } });
    expect(cluster.kind).toBe('embedded');
    await cluster.connect();
    await cluster.admin.createTopics([{ name: 't' }]);
    expect(await cluster.admin.listTopics()).toEqual(['t']);
    await cluster.disconnect();
    await cluster.connect();
    expect(await cluster.admin.listTopics()).toEqual([]);
    await cluster.disconnect();
  });

  it('embedded:<dir>: the log persists across clusters on the same directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-url-'));
    dirs.push(dir);
    const first = clusterFromUrl(`embedded:${dir}`, { embedded: { cleanerIntervalMs: 0 } });
    await first.connect();
    await first.admin.createTopics([{ name: 'kept', partitions: 2 }]);
    await first.disconnect();
    const second = clusterFromUrl('embedded', { defaultDir: dir, embedded: { cleanerIntervalMs: 0 } });
    await second.connect();
    expect((await second.admin.describeTopics(['kept']))[0]?.partitions).toHaveLength(2);
    await second.disconnect();
  });
});
