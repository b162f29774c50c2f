import { embedded, type Cluster } from '@tributary/client';
import { TributaryStreams } from '@tributary/streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWords, createTopics, latestCounts, produceLines, readUntil, sameMap, tempDir, testLogger, unique, wordCount } from './harness.js';

// Sources and sinks name user topics; only repartition topics get the application id prefix.
// A user topic that happens to be called `<store>-changelog` must stay the user's topic.
describe('a user topic named like a changelog', () => {
  let cluster: Cluster;
  const dir = tempDir('user-changelog-name');
  beforeAll(async () => {
    cluster = embedded({ dir: dir.path, cleanerIntervalMs: 0 }, { clientId: 'user-changelog-name' });
    await cluster.connect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  it('is written unprefixed, next to the real (prefixed) changelog of the store it is named after', async () => {
    const appId = unique('ucl');
    const input = unique('lines');
    const output = 'counts-changelog'; // the store of wordCount() is called `counts`
    await createTopics(cluster, [{ name: input, partitions: 2 }, { name: output, partitions: 2 }]);
    const lines = ['a b a', 'b c', 'a'];
    await produceLines(cluster, input, lines);
    const app = new TributaryStreams(wordCount(input, output), { applicationId: appId, cluster, stateDir: dir.path, commitIntervalMs: 100, cacheMaxBytes: 0, logger: testLogger });
    await app.start();
    try {
      const oracle = countWords(lines);
      const out = await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), oracle));
      expect(sameMap(latestCounts(out), oracle)).toBe(true);
      const topics = await cluster.admin.listTopics();
      expect(topics).toContain(`${appId}-counts-changelog`);
      expect(topics).not.toContain(`${appId}-${output}-changelog`);
      expect(topics.filter((t) => t.endsWith('counts-changelog')).sort()).toEqual([`${appId}-counts-changelog`, output].sort());
    } finally {
      await app.close({ timeoutMs: 30_000 });
    }
  });
});
