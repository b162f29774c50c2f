import { afterEach, beforeEach, describe, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import { tempDir } from './harness.js';
import { multiInstanceScenario } from './multi-instance-scenario.js';
import { restartScenario } from './restart-scenario.js';

// The same scenarios as the Apache Kafka tests, on the embedded adapter (one in-process log).
describe('TributaryStreams runtime on the embedded adapter', () => {
  let cluster: Cluster;
  let dir: { path: string; remove: () => void };
  beforeEach(async () => {
    dir = tempDir('rt-embedded-log');
    cluster = embedded({ dir: dir.path, cleanerIntervalMs: 0 }, { clientId: 'rt-embedded' });
    await cluster.connect();
  });
  afterEach(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  it('a clean restart restores only the tail; a missing or corrupt checkpoint wipes and restores everything', async () => {
    await restartScenario(cluster);
  });

  it('two instances split tasks, standbys sit on the other instance, failover promotes them', async () => {
    await multiInstanceScenario(cluster);
  });
});
