import { describe, expect, it } from 'vitest';
import { TopicExistsError } from '../errors/client-errors.js';
import { waitUntil, type ContractContext } from './contract-context.js';

export function topicsContract(ctx: ContractContext): void {
  describe('topics', () => {
    it('creates, describes, grows, reconfigures, lists and deletes topics', async () => {
      const { admin } = ctx.cluster();
      const name = ctx.unique('topics');
      await admin.createTopics([{ name, partitions: 3, configs: { 'retention.ms': '3600000' } }]);
      expect(await admin.listTopics()).toContain(name);

      const [described] = await admin.describeTopics([name]);
      expect(described?.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
      expect(described?.configs['retention.ms']).toBe('3600000');

      await expect(admin.createTopics([{ name, partitions: 1 }])).rejects.toBeInstanceOf(TopicExistsError);
      await admin.createTopics([{ name, partitions: 1 }], { ifNotExists: true });

      await admin.createPartitions(name, 4);
      await waitUntil(async () => (await admin.describeTopics([name]))[0]?.partitions.length === 4, 'partition count 4');

      await admin.alterTopicConfigs(name, { 'cleanup.policy': 'compact' });
      await waitUntil(async () => (await admin.describeTopics([name]))[0]?.configs['cleanup.policy'] === 'compact', 'compact policy');
      const [altered] = await admin.describeTopics([name]);
      expect(altered?.configs['retention.ms']).toBe('3600000');

      await admin.alterTopicConfigs(name, { 'retention.ms': null });
      await waitUntil(async () => (await admin.describeTopics([name]))[0]?.configs['retention.ms'] !== '3600000', 'retention reset');

      await admin.deleteTopics([name]);
      await waitUntil(async () => !(await admin.listTopics()).includes(name), 'topic deletion');
    });
  });
}
