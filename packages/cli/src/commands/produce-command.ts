import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import type { Compression, Producer, ProducerOptions, ProducerRecord } from '@tributary/client';
import { collectKeyValue, parseIntFlag, parseKeyValues } from '../args/key-values.js';
import { COMMAND_CONFIG_FLAG, withCluster } from '../cluster/client-options.js';
import { CliUsageError, InvalidInputError } from '../errors/cli-usage-error.js';
import { lineFormatFrom, lineToRecord, type LineFormat } from '../console/line-parser.js';
import { ProgressMeter } from '../console/progress-meter.js';
import { RecordBatcher } from '../console/record-batcher.js';
import type { CliIo } from '../io/cli-io.js';
import type { CommandRunner } from './command-runner.js';

export interface ProduceFlags {
  bootstrapServer?: string;
  topic?: string;
  property?: string[];
  parseKey?: boolean;
  keySeparator?: string;
  acks?: string;
  transactional?: boolean;
  transactionalId?: string;
  compression?: string;
  batchSize?: string;
  lingerMs?: string;
  progress?: boolean;
  debug?: boolean;
}

/** Everything `produce` needs after validation, without a cluster. */
export interface ProducePlan {
  readonly topic: string;
  readonly lineFormat: LineFormat;
  readonly producer: ProducerOptions;
  readonly batchSize: number;
  readonly lingerMs: number;
}

const COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** `tributary produce`: kafka-console-producer. */
export function produceCommand(io: CliIo, run: CommandRunner): Command {
  return new Command('produce')
    .description('send stdin to a topic, one record per line (like kafka-console-producer)')
    .option('--bootstrap-server <host:port>', 'the cluster to talk to (Tributary or Apache Kafka)')
    .option(...COMMAND_CONFIG_FLAG)
    .option('--topic <name>', 'topic to produce to')
    .option('--property <key=value>', 'line reader property: parse.key, key.separator, ignore.error, null.marker (repeatable)', collectKeyValue)
    .option('--parse-key', 'split each line into key and value at the key separator')
    .option('--key-separator <s>', 'key separator (implies --parse-key; default tab)')
    .option('--acks <acks>', 'all (-1), 1 or 0; 1 and 0 turn idempotence off', 'all')
    .option('--transactional', 'send each batch in its own transaction')
    .option('--transactional-id <id>', 'transactional.id to use (implies --transactional)')
    .option('--compression <codec>', `compression codec: ${COMPRESSIONS.join(', ')}`, 'none')
    .option('--batch-size <n>', 'records per send', '1000')
    .option('--linger-ms <n>', 'send a partial batch after this long without new lines', '100')
    .option('--progress', 'report records/s on stderr while sending')
    .action((flags: ProduceFlags) => run(() => produceAction(io, flags)));
}

export function planProduce(flags: ProduceFlags): ProducePlan {
  if (flags.topic === undefined || flags.topic === '') throw new CliUsageError('produce needs --topic <name>');
  const acks = parseAcks(flags.acks ?? 'all');
  const transactional = flags.transactional === true || flags.transactionalId !== undefined;
  if (transactional && acks !== -1) throw new CliUsageError('--transactional needs --acks all');
  const compression = (flags.compression ?? 'none') as Compression;
  if (!COMPRESSIONS.includes(compression)) {
    throw new CliUsageError(`--compression must be one of ${COMPRESSIONS.join(', ')}, got "${flags.compression}"`);
  }
  const producer: ProducerOptions = {
    acks,
    idempotent: acks === -1,
    compression,
    ...(transactional ? { transactionalId: flags.transactionalId ?? `tributary-console-producer-${randomUUID()}` } : {}),
  };
  return {
    topic: flags.topic,
    lineFormat: lineFormatFrom(parseKeyValues(flags.property, '--property'), {
      ...(flags.parseKey === true ? { parseKey: true } : {}),
      ...(flags.keySeparator === undefined ? {} : { keySeparator: flags.keySeparator }),
    }),
    producer,
    batchSize: parseIntFlag(flags.batchSize ?? '1000', '--batch-size', 1, 1_000_000) ?? 1000,
    lingerMs: parseIntFlag(flags.lingerMs ?? '100', '--linger-ms', 0, 3_600_000) ?? 100,
  };
}

export function parseAcks(value: string): -1 | 0 | 1 {
  switch (value.trim().toLowerCase()) {
    case 'all':
    case '-1':
      return -1;
    case '1':
      return 1;
    case '0':
      return 0;
    default:
      throw new CliUsageError(`--acks must be all, -1, 1 or 0, got "${value}"`);
  }
}

async function produceAction(io: CliIo, flags: ProduceFlags): Promise<number> {
  const plan = planProduce(flags);
  return await withCluster(io, { ...flags, clientId: 'tributary-console-producer' }, async (cluster) => {
    const producer = cluster.producer(plan.producer);
    await producer.connect();
    const meter = flags.progress === true ? new ProgressMeter(io.stderr, 'sent') : undefined;
    const batcher = new RecordBatcher({
      send: async (records) => {
        await sendBatch(producer, plan.topic, records);
        meter?.add(records.length);
      },
      maxRecords: plan.batchSize,
      maxBytes: 1_000_000,
      lingerMs: plan.lingerMs,
    });
    // Ctrl-C stops reading; what was read is still sent before exit, like Kafka's producer.
    const stop = new AbortController();
    const removeHandler = io.onShutdownSignal(() => stop.abort());
    try {
      await readLines(io.stdin, plan.lineFormat, batcher, stop.signal);
      await batcher.flush();
    } catch (err) {
      // Lines before a malformed one are sent, as Kafka's console producer would have.
      if (err instanceof InvalidInputError) await batcher.flush().catch(() => undefined);
      batcher.cancel();
      throw err;
    } finally {
      removeHandler();
      meter?.finish();
      await producer.disconnect().catch(() => undefined);
    }
    return 0;
  });
}

async function sendBatch(producer: Producer, topic: string, records: readonly ProducerRecord[]): Promise<void> {
  if (!producer.transactional) {
    await producer.send(topic, records);
    return;
  }
  const txn = await producer.transaction();
  try {
    await txn.send(topic, records);
    await txn.commit();
  } catch (err) {
    if (txn.isActive()) await txn.abort().catch(() => undefined);
    throw err;
  }
}

/** Feeds stdin lines to the batcher, waiting only while a full batch is in flight. */
async function readLines(input: NodeJS.ReadableStream, format: LineFormat, batcher: RecordBatcher, signal: AbortSignal): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  const close = (): void => lines.close();
  signal.addEventListener('abort', close, { once: true });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    const wait = batcher.add(lineToRecord(line, lineNumber, format));
    if (wait !== undefined) await wait;
  }
  signal.removeEventListener('abort', close);
}
