import { Command } from 'commander';
import type { Cluster, GroupDescription } from '@tributary/client';
import { parseIntFlag } from '../args/key-values.js';
import { COMMAND_CONFIG_FLAG, withCluster } from '../cluster/client-options.js';
import { CliUsageError } from '../errors/cli-usage-error.js';
import { GroupNotFoundError } from '../errors/group-errors.js';
import { formatGroupOffsets, formatOffsetReset, type GroupOffsetRow, type OffsetResetRow } from '../format/group-offsets.js';
import type { CliIo } from '../io/cli-io.js';
import type { CommandRunner } from './command-runner.js';
import { exactlyOneAction } from './exactly-one-action.js';
import { parseTopicPartitions, resetTarget, type ResetStrategy } from './offset-reset.js';

export interface GroupsFlags {
  bootstrapServer?: string;
  list?: boolean;
  describe?: boolean;
  resetOffsets?: boolean;
  delete?: boolean;
  group?: string;
  topic?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  toOffset?: string;
  shiftBy?: string;
  execute?: boolean;
  dryRun?: boolean;
  debug?: boolean;
}

const ACTIONS = ['list', 'describe', 'reset-offsets', 'delete'] as const;

/** `tributary groups`: kafka-consumer-groups. */
export function groupsCommand(io: CliIo, run: CommandRunner): Command {
  return new Command('groups')
    .description('list, describe, reset and delete consumer groups (like kafka-consumer-groups)')
    .option('--bootstrap-server <host:port>', 'the cluster to talk to (Tributary or Apache Kafka)')
    .option(...COMMAND_CONFIG_FLAG)
    .option('--list', 'list group ids')
    .option('--describe', 'show offsets and lag of --group')
    .option('--reset-offsets', 'move the committed offsets of --group on --topic')
    .option('--delete', 'delete --group (it must have no members)')
    .option('--group <id>', 'consumer group id')
    .option('--topic <topic[:p,...]>', 'topic (optionally some partitions) for --reset-offsets')
    .option('--to-earliest', 'reset to the earliest offset')
    .option('--to-latest', 'reset to the latest offset')
    .option('--to-offset <n>', 'reset to this offset')
    .option('--shift-by <n>', 'move the current offset by n (may be negative)')
    .option('--execute', 'apply the reset')
    .option('--dry-run', 'only print the new offsets (the default)')
    .action((flags: GroupsFlags) => run(() => groupsAction(io, flags)));
}

/** Validates the flags of `--reset-offsets` and returns the strategy. */
export function resetStrategyOf(flags: GroupsFlags): ResetStrategy {
  const chosen = [flags.toEarliest === true, flags.toLatest === true, flags.toOffset !== undefined, flags.shiftBy !== undefined];
  if (chosen.filter(Boolean).length !== 1) {
    throw new CliUsageError('--reset-offsets needs exactly one of --to-earliest, --to-latest, --to-offset, --shift-by');
  }
  if (flags.execute === true && flags.dryRun === true) throw new CliUsageError('--execute and --dry-run exclude each other');
  if (flags.toEarliest === true) return { kind: 'earliest' };
  if (flags.toLatest === true) return { kind: 'latest' };
  if (flags.toOffset !== undefined) return { kind: 'offset', offset: parseIntFlag(flags.toOffset, '--to-offset', 0)! };
  return { kind: 'shift', by: parseIntFlag(flags.shiftBy, '--shift-by', Number.MIN_SAFE_INTEGER)! };
}

async function groupsAction(io: CliIo, flags: GroupsFlags): Promise<number> {
  const action = exactlyOneAction(flags, ACTIONS, 'groups');
  if (action !== 'list' && (flags.group === undefined || flags.group === '')) throw new CliUsageError(`--${action} needs --group <id>`);
  const group = flags.group ?? '';
  const strategy = action === 'reset-offsets' ? resetStrategyOf(flags) : undefined;
  if (action === 'reset-offsets' && flags.topic === undefined) throw new CliUsageError('--reset-offsets needs --topic <name>');
  return await withCluster(io, flags, async (cluster) => {
    switch (action) {
      case 'list': {
        const groups = await cluster.admin.listGroups();
        io.stdout.write(groups.map((g) => g.groupId).sort().map((g) => `${g}\n`).join(''));
        return 0;
      }
      case 'describe':
        return await describeGroup(io, cluster, group);
      case 'reset-offsets':
        return await resetOffsets(io, cluster, group, flags.topic ?? '', strategy!, flags.execute === true);
      case 'delete': {
        await cluster.admin.deleteGroups([group]);
        io.stdout.write(`Deletion of requested consumer groups ('${group}') was successful.\n`);
        return 0;
      }
    }
  });
}

async function describeGroup(io: CliIo, cluster: Cluster, group: string): Promise<number> {
  const [description] = await cluster.admin.describeGroups([group]);
  const committed = await cluster.admin.committedOffsets(group);
  const members = description?.members ?? [];
  if ((description === undefined || description.state === 'Dead') && committed.length === 0) throw new GroupNotFoundError(group);

  const rows = new Map<string, { topic: string; partition: number; current: number | null; member: GroupDescription['members'][number] | null }>();
  const key = (t: string, p: number): string => `${t}\u0000${p}`;
  for (const c of committed) rows.set(key(c.topic, c.partition), { topic: c.topic, partition: c.partition, current: c.offset, member: null });
  for (const m of members) {
    for (const tp of m.assignedPartitions) {
      const row = rows.get(key(tp.topic, tp.partition)) ?? { topic: tp.topic, partition: tp.partition, current: null, member: null };
      row.member = m;
      rows.set(key(tp.topic, tp.partition), row);
    }
  }
  const ends = await cluster.admin.listOffsets([...rows.values()].map((r) => ({ topic: r.topic, partition: r.partition, spec: 'latest' as const })));
  const endOf = new Map(ends.map((e) => [key(e.topic, e.partition), e.offset]));
  const table: GroupOffsetRow[] = [...rows.values()].map((r) => ({
    group,
    topic: r.topic,
    partition: r.partition,
    currentOffset: r.current,
    logEndOffset: endOf.get(key(r.topic, r.partition)) ?? null,
    consumerId: r.member?.memberId ?? null,
    host: r.member?.clientHost ?? null,
    clientId: r.member?.clientId ?? null,
  }));
  if (members.length === 0) io.stdout.write(`\nConsumer group '${group}' has no active members.\n`);
  io.stdout.write('\n' + formatGroupOffsets(table));
  return 0;
}

async function resetOffsets(io: CliIo, cluster: Cluster, group: string, topicFlag: string, strategy: ResetStrategy, execute: boolean): Promise<number> {
  const [description] = await cluster.admin.describeGroups([group]);
  const state = description?.state ?? 'Dead';
  if (state !== 'Empty' && state !== 'Dead') {
    throw new CliUsageError(`assignments can only be reset if the group '${group}' is inactive, but the current state is ${state}`);
  }
  const { topic, partitions: chosen } = parseTopicPartitions(topicFlag);
  const [described] = await cluster.admin.describeTopics([topic]);
  const partitions = chosen ?? (described?.partitions ?? []).map((p) => p.partition);
  const asked = partitions.map((partition) => ({ topic, partition }));
  const [earliest, latest, committed] = await Promise.all([
    cluster.admin.listOffsets(asked.map((tp) => ({ ...tp, spec: 'earliest' as const }))),
    cluster.admin.listOffsets(asked.map((tp) => ({ ...tp, spec: 'latest' as const }))),
    cluster.admin.committedOffsets(group, [topic]),
  ]);
  const current = new Map(committed.map((c) => [c.partition, c.offset]));
  const plan: OffsetResetRow[] = asked.map((tp, i) => ({
    group,
    topic,
    partition: tp.partition,
    newOffset: resetTarget(strategy, {
      ...tp,
      earliest: earliest[i]!.offset,
      latest: latest[i]!.offset,
      current: current.get(tp.partition) ?? null,
    }),
  }));
  if (execute) await cluster.admin.alterGroupOffsets(group, plan.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset })));
  else io.stderr.write('Dry run: nothing changed (add --execute to apply).\n');
  io.stdout.write('\n' + formatOffsetReset(plan));
  return 0;
}
