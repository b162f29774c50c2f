import { embedded, type Cluster } from '@tributary/client';
import { TributaryStreams } from '@tributary/streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { countWords, createTopics, latestCounts, produceLines, readUntil, sameMap, tempDir, testLogger, unique, wordCount } from './harness.js';

// Kafka Streams keeps repartition records forever (retention.ms=-1) and deletes them once
// committed (repartition.purge.interval.ms); word count re-keys through a repartition topic.
describe('repartition topics', () => {
  let cluster: Cluster;
  const dir = tempDir('repartition-purge');
  beforeAll(async () => {
    cluster = embedded({ dir: dir.path, cleanerIntervalMs: 0 }, { clientId: 'repartition-purge' });
    await cluster.connect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  for (const processingGuarantee of ['at_least_once', 'exactly_once_v2'] as const) {
    it(`never expire by time and are trimmed up to the committed offset after commits (${processingGuarantee})`, async () => {
      const appId = unique('purge');
      const input = unique('lines');
      const output = unique('counts');
      await createTopics(cluster, [{ name: input, partitions: 1 }, { name: output, partitions: 1 }]);
      const lines = Array.from({ length: 200 }, (_, i) => `w${i % 7} w${i % 3}`);
      await produceLines(cluster, input, lines);
      const app = new TributaryStreams(wordCount(input, output), {
        applicationId: appId,
        cluster,
        stateDir: dir.path,
        commitIntervalMs: 50,
        cacheMaxBytes: 0,
        repartitionPurgeIntervalMs: 0,
        processingGuarantee,
        logger: testLogger,
      });
      await app.start();
      try {
        const oracle = countWords(lines);
        await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), oracle));
        const topics = await cluster.admin.listTopics();
        const repartition = topics.find((t) => t.startsWith(appId) && t.endsWith('-repartition'))!;
        expect(repartition).toBeDefined();
        const [described] = await cluster.admin.describeTopics([repartition]);
        expect(described!.configs['retention.ms']).toBe('-1');
        const offsetOf = async (spec: 'earliest' | 'latest') => (await cluster.admin.listOffsets([{ topic: repartition, partition: 0, spec }]))[0]!.offset;
        const end = await offsetOf('latest');
        expect(end).toBeGreaterThan(0);
        // Every repartition record is consumed and committed: the purge moves the log start up to it.
        await waitFor(async () => (await offsetOf('earliest')) > 0, { timeoutMs: 15_000, message: 'repartition topic purged' });
        const committed = (await cluster.admin.committedOffsets(appId, [repartition])).find((c) => c.partition === 0)!.offset;
        expect(committed).not.toBeNull();
        expect(await offsetOf('earliest')).toBeLessThanOrEqual(committed!);
      } finally {
        expect(await app.close({ timeoutMs: 30_000 })).toBe(true);
      }
    });
  }
});
