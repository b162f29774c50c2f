import { Command } from 'commander';
import type { NewTopic } from '@tributary/client';
import { collectKeyValue, parseIntFlag, parseKeyValues } from '../args/key-values.js';
import { COMMAND_CONFIG_FLAG, withCluster } from '../cluster/client-options.js';
import { CliUsageError } from '../errors/cli-usage-error.js';
import { formatTopicDescription } from '../format/topic-description.js';
import type { CliIo } from '../io/cli-io.js';
import type { CommandRunner } from './command-runner.js';
import { exactlyOneAction } from './exactly-one-action.js';

export interface TopicsFlags {
  bootstrapServer?: string;
  create?: boolean;
  list?: boolean;
  describe?: boolean;
  alter?: boolean;
  delete?: boolean;
  topic?: string;
  partitions?: string;
  replicationFactor?: string;
  config?: string[];
  deleteConfig?: string[];
  ifNotExists?: boolean;
  ifExists?: boolean;
  excludeInternal?: boolean;
  allConfigs?: boolean;
  debug?: boolean;
}

const ACTIONS = ['create', 'list', 'describe', 'alter', 'delete'] as const;

/** `tributary topics`, with kafka-topics' flags. */
export function topicsCommand(io: CliIo, run: CommandRunner): Command {
  return new Command('topics')
    .description('create, list, describe, alter and delete topics (like kafka-topics)')
    .option('--bootstrap-server <host:port>', 'the cluster to talk to (Tributary or Apache Kafka)')
    .option(...COMMAND_CONFIG_FLAG)
    .option('--create', 'create a topic')
    .option('--list', 'list topic names')
    .option('--describe', 'describe topics (all when --topic is not given)')
    .option('--alter', 'add partitions (--partitions) or change configs (--config, --delete-config)')
    .option('--delete', 'delete a topic')
    .option('--topic <name>', 'topic name')
    .option('--partitions <n>', 'partition count (create: default num.partitions; alter: new total)')
    .option('--replication-factor <n>', 'accepted for compatibility; must be 1 (or -1 for the default)')
    .option('--config <key=value>', 'topic config (repeatable)', collectKeyValue)
    .option('--delete-config <key>', 'config to reset to its default with --alter (repeatable)', collectKeyValue)
    .option('--if-not-exists', 'with --create: do nothing when the topic exists')
    .option('--if-exists', 'with --alter/--delete/--describe: do nothing when the topic is missing')
    .option('--exclude-internal', 'with --list/--describe: leave out internal topics')
    .option('--all-configs', 'with --describe: list every config, not only those differing from Kafka\'s defaults')
    .action((flags: TopicsFlags) => run(() => topicsAction(io, flags)));
}

/** Checks what can be checked without a cluster and returns the chosen action. */
export function validateTopicsFlags(flags: TopicsFlags): (typeof ACTIONS)[number] {
  const action = exactlyOneAction(flags, ACTIONS, 'topics');
  const needsTopic = action === 'create' || action === 'alter' || action === 'delete';
  if (needsTopic && (flags.topic === undefined || flags.topic === '')) throw new CliUsageError(`--${action} needs --topic <name>`);
  const rf = parseIntFlag(flags.replicationFactor, '--replication-factor', -1, 32_767);
  if (rf !== undefined && rf !== 1 && rf !== -1) {
    throw new CliUsageError(`--replication-factor must be 1 (or -1 for the cluster default) on Tributary, got ${rf}`);
  }
  parseIntFlag(flags.partitions, '--partitions', action === 'create' ? -1 : 1, 1_000_000);
  parseKeyValues(flags.config, '--config');
  if (action === 'alter' && flags.partitions === undefined && flags.config === undefined && flags.deleteConfig === undefined) {
    throw new CliUsageError('--alter needs --partitions, --config or --delete-config');
  }
  return action;
}

async function topicsAction(io: CliIo, flags: TopicsFlags): Promise<number> {
  const action = validateTopicsFlags(flags);
  const topic = flags.topic ?? '';
  return await withCluster(io, flags, async (cluster) => {
    const { admin } = cluster;
    const exists = async (): Promise<boolean> => (await admin.listTopics({ includeInternal: true })).includes(topic);
    switch (action) {
      case 'create': {
        if (flags.ifNotExists === true && (await exists())) return 0;
        const partitions = parseIntFlag(flags.partitions, '--partitions', -1);
        const rf = parseIntFlag(flags.replicationFactor, '--replication-factor', -1);
        const newTopic: NewTopic = {
          name: topic,
          ...(partitions === undefined || partitions === -1 ? {} : { partitions }),
          ...(rf === undefined || rf === -1 ? {} : { replicationFactor: rf }),
          configs: parseKeyValues(flags.config, '--config'),
        };
        await admin.createTopics([newTopic], { ifNotExists: flags.ifNotExists === true });
        io.stdout.write(`Created topic ${topic}.\n`);
        return 0;
      }
      case 'list': {
        const names = await admin.listTopics({ includeInternal: flags.excludeInternal !== true });
        io.stdout.write(names.sort().map((n) => `${n}\n`).join(''));
        return 0;
      }
      case 'describe': {
        let names: string[];
        if (flags.topic !== undefined) {
          if (flags.ifExists === true && !(await exists())) return 0;
          names = [flags.topic];
        } else {
          names = (await admin.listTopics({ includeInternal: flags.excludeInternal !== true })).sort();
        }
        const described = await admin.describeTopics(names);
        io.stdout.write(described.map((t) => formatTopicDescription(t, flags.allConfigs === true)).join(''));
        return 0;
      }
      case 'alter': {
        if (flags.ifExists === true && !(await exists())) return 0;
        const partitions = parseIntFlag(flags.partitions, '--partitions', 1);
        if (partitions !== undefined) await admin.createPartitions(topic, partitions);
        const changes: Record<string, string | null> = { ...parseKeyValues(flags.config, '--config') };
        for (const key of flags.deleteConfig ?? []) changes[key] = null;
        if (Object.keys(changes).length > 0) await admin.alterTopicConfigs(topic, changes);
        io.stdout.write(`Altered topic ${topic}.\n`);
        return 0;
      }
      case 'delete': {
        if (flags.ifExists === true && !(await exists())) return 0;
        await admin.deleteTopics([topic]);
        io.stdout.write(`Deleted topic ${topic}.\n`);
        return 0;
      }
    }
  });
}
