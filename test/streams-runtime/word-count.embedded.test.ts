import { afterAll, beforeAll, describe, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import { tempDir } from './harness.js';
import { wordCountScenario } from './word-count-scenario.js';

describe('TributaryStreams word count on the embedded adapter (in-process log)', () => {
  let cluster: Cluster;
  const dir = tempDir('wc-embedded-log');
  beforeAll(async () => {
    cluster = embedded({ dir: dir.path, cleanerIntervalMs: 0 }, { clientId: 'wc-embedded' });
    await cluster.connect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  it('counts words end to end, equal to the oracle; IQ sees the table; a restart restores it', async () => {
    await wordCountScenario(cluster);
  });
});
