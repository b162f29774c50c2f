import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBroker } from './start-broker.js';
import { formatStorage } from './storage/format-storage.js';
import { RawClient } from './testing/raw-client.test-helper.js';

describe('startBroker', () => {
  it('serves a formatted log.dirs: cluster.id from meta.properties, topics survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trib-start-'));
    try {
      await formatStorage({ dataDir: dir, clusterId: 'q1w2e3r4t5y6u7i8o9p0aa' });
      let broker = await startBroker({ host: '127.0.0.1', port: 0, logDir: dir });
      let c = await RawClient.connect(broker.port);
      const created = await c.request(19, 4, { topics: [{ name: 'kept', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
      expect(created.topics[0]!.errorCode).toBe(0);
      const apis = (await c.request(18, 3, {})).apiKeys.map((k) => k.apiKey);
      expect(apis).toEqual(expect.arrayContaining([0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 18, 19, 22, 24, 25, 26, 28]));
      c.close();
      await broker.close();

      broker = await startBroker({ host: '127.0.0.1', port: 0, logDir: dir });
      c = await RawClient.connect(broker.port);
      const meta = await c.request(3, 8, { topics: null });
      expect(meta.clusterId).toBe('q1w2e3r4t5y6u7i8o9p0aa');
      expect(meta.topics.map((t) => [t.name, t.partitions.length])).toEqual([['kept', 2]]);
      c.close();
      await broker.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid config before binding anything', async () => {
    await expect(startBroker({ port: 0, numPartitions: 0 })).rejects.toMatchObject({ code: 'INVALID_CONFIG', key: 'num.partitions' });
  });
});
