import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Log } from '../log.js';
import { tempDir } from '../test-kit.test-helper.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('topic ids', () => {
  it('are generated at creation, survive reopen and alter, and differ for a re-created topic of the same name', async () => {
    const dir = path.join(tmp.dir, 'ids');
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    const created = await log.createTopic('a', { partitions: 1 });
    expect(created.topicId).toMatch(UUID);
    await log.close();

    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    expect(log.describeTopic('a').topicId).toBe(created.topicId);
    await log.alterTopicConfig('a', { 'retention.ms': '1000' });
    await log.createPartitions('a', 2);
    expect(log.describeTopic('a').topicId).toBe(created.topicId);
    await log.deleteTopic('a');
    const again = await log.createTopic('a', { partitions: 1 });
    expect(again.topicId).not.toBe(created.topicId);
    await log.close();
  });

  it('are given to topics stored without one on first open and kept from then on', async () => {
    const dir = path.join(tmp.dir, 'legacy');
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    await log.createTopic('old', { partitions: 1 });
    await log.close();
    // A topic.json written before topic ids existed.
    const file = path.join(dir, 'topics', 'old', 'topic.json');
    const { topicId: _dropped, ...legacy } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify(legacy));

    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    const assigned = log.describeTopic('old').topicId;
    expect(assigned).toMatch(UUID);
    await log.close();
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { topicId: string }).topicId).toBe(assigned);
    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    expect(log.describeTopic('old').topicId).toBe(assigned);
    await log.close();
  });
});
