import { randomInt } from 'node:crypto';
import { Command } from 'commander';
import type { IsolationLevel, TopicPartitionOffset } from '@tributary/client';
import { collectKeyValue, parseIntFlag, parseKeyValues } from '../args/key-values.js';
import { COMMAND_CONFIG_FLAG, withCluster } from '../cluster/client-options.js';
import { CliUsageError } from '../errors/cli-usage-error.js';
import { formatRecord, recordFormatFrom, type RecordFormat } from '../console/record-format.js';
import type { CliIo } from '../io/cli-io.js';
import type { CommandRunner } from './command-runner.js';

export interface ConsumeFlags {
  bootstrapServer?: string;
  topic?: string;
  group?: string;
  fromBeginning?: boolean;
  isolationLevel?: string;
  maxMessages?: string;
  timeoutMs?: string;
  property?: string[];
  printKey?: boolean;
  printTimestamp?: boolean;
  printPartition?: boolean;
  printOffset?: boolean;
  printHeaders?: boolean;
  keySeparator?: string;
  debug?: boolean;
}

/** Everything `consume` needs after validation, without a cluster. */
export interface ConsumePlan {
  readonly topic: string;
  readonly groupId: string;
  /** Only a group the user named gets offsets committed (Kafka's console consumer does the same). */
  readonly commit: boolean;
  readonly fromBeginning: boolean;
  readonly isolationLevel: IsolationLevel;
  readonly maxMessages: number | null;
  /** Exit after this long without a record. */
  readonly timeoutMs: number | null;
  readonly format: RecordFormat;
}

/** `tributary consume`: kafka-console-consumer. */
export function consumeCommand(io: CliIo, run: CommandRunner): Command {
  return new Command('consume')
    .description('print a topic\'s records to stdout (like kafka-console-consumer)')
    .option('--bootstrap-server <host:port>', 'the cluster to talk to (Tributary or Apache Kafka)')
    .option(...COMMAND_CONFIG_FLAG)
    .option('--topic <name>', 'topic to consume')
    .option('--group <id>', 'consumer group (offsets are committed); default: a throwaway group')
    .option('--from-beginning', 'start at the earliest offset when the group has no committed offset')
    .option('--isolation-level <level>', 'read_committed or read_uncommitted', 'read_uncommitted')
    .option('--max-messages <n>', 'exit after this many records')
    .option('--timeout-ms <n>', 'exit after this long without a record')
    .option('--property <key=value>', 'formatter property: print.key, print.timestamp, print.partition, print.offset, print.headers, print.value, key.separator, line.separator, null.literal (repeatable)', collectKeyValue)
    .option('--print-key', 'same as --property print.key=true')
    .option('--print-timestamp', 'same as --property print.timestamp=true')
    .option('--print-partition', 'same as --property print.partition=true')
    .option('--print-offset', 'same as --property print.offset=true')
    .option('--print-headers', 'same as --property print.headers=true')
    .option('--key-separator <s>', 'column separator (default tab)')
    .action((flags: ConsumeFlags) => run(() => consumeAction(io, flags)));
}

export function planConsume(flags: ConsumeFlags, throwawayGroup = `tributary-console-consumer-${randomInt(100_000)}`): ConsumePlan {
  if (flags.topic === undefined || flags.topic === '') throw new CliUsageError('consume needs --topic <name>');
  const level = flags.isolationLevel ?? 'read_uncommitted';
  if (level !== 'read_committed' && level !== 'read_uncommitted') {
    throw new CliUsageError(`--isolation-level must be read_committed or read_uncommitted, got "${level}"`);
  }
  return {
    topic: flags.topic,
    groupId: flags.group ?? throwawayGroup,
    commit: flags.group !== undefined,
    fromBeginning: flags.fromBeginning === true,
    isolationLevel: level,
    maxMessages: parseIntFlag(flags.maxMessages, '--max-messages', 1) ?? null,
    timeoutMs: parseIntFlag(flags.timeoutMs, '--timeout-ms', 0) ?? null,
    format: recordFormatFrom(parseKeyValues(flags.property, '--property'), {
      ...(flags.printKey === true ? { printKey: true } : {}),
      ...(flags.printTimestamp === true ? { printTimestamp: true } : {}),
      ...(flags.printPartition === true ? { printPartition: true } : {}),
      ...(flags.printOffset === true ? { printOffset: true } : {}),
      ...(flags.printHeaders === true ? { printHeaders: true } : {}),
      ...(flags.keySeparator === undefined ? {} : { keySeparator: flags.keySeparator }),
    }),
  };
}

const POLL_MS = 500;

async function consumeAction(io: CliIo, flags: ConsumeFlags): Promise<number> {
  const plan = planConsume(flags);
  let stopping = false;
  const removeHandler = io.onShutdownSignal(() => {
    stopping = true;
  });
  let count = 0;
  try {
    await withCluster(io, { ...flags, clientId: 'tributary-console-consumer' }, async (cluster) => {
      const consumer = cluster.consumer({
        groupId: plan.groupId,
        clientId: 'tributary-console-consumer',
        isolationLevel: plan.isolationLevel,
        autoOffsetReset: plan.fromBeginning ? 'earliest' : 'latest',
        maxWaitMs: POLL_MS,
      });
      try {
        await consumer.connect();
        await consumer.subscribe([plan.topic]);
        let idleSince = Date.now();
        let assigned = false;
        while (!stopping && (plan.maxMessages === null || count < plan.maxMessages)) {
          let wait = POLL_MS;
          if (plan.timeoutMs !== null) {
            const left = idleSince + plan.timeoutMs - Date.now();
            if (left <= 0) break;
            wait = Math.min(wait, left);
          }
          const batches = await consumer.poll(wait);
          // Joining the group is not idleness: the timeout counts from the first assignment.
          if (!assigned && consumer.assignment().length > 0) {
            assigned = true;
            idleSince = Date.now();
          }
          let out = '';
          const commits: TopicPartitionOffset[] = [];
          for (const batch of batches) {
            let printed = 0;
            for (const record of batch.records) {
              if (plan.maxMessages !== null && count >= plan.maxMessages) break;
              out += formatRecord(record, batch.partition, plan.format);
              count++;
              printed++;
            }
            if (printed === 0) continue;
            // All of a batch printed: commit past its control records too, so lag reads 0.
            const next = printed === batch.records.length ? batch.nextOffset : batch.records[printed - 1]!.offset + 1;
            commits.push({ topic: batch.topic, partition: batch.partition, offset: next });
          }
          if (out !== '') {
            io.stdout.write(out);
            idleSince = Date.now();
          }
          if (plan.commit && commits.length > 0) await consumer.commit(commits);
        }
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
    });
  } finally {
    removeHandler();
    io.stderr.write(`Processed a total of ${count} messages\n`);
  }
  return 0;
}
