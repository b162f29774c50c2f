import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFKA4_CLIENTS_LIB, kafka4ClientsVersion, requireKafka4Clients } from '../helpers/peers.js';
import { runProcess } from '../helpers/run-process.js';
import type { ProcessResult } from '../helpers/run-process.js';
import { waitFor } from '../helpers/wait-for.js';
import { RawClient } from '../../packages/broker/src/testing/raw-client.test-helper.js';
import { apiName } from '../reference/api-names.js';
import { recordingLogger, startLogBroker } from '../../packages/broker/src/testing/test-broker.test-helper.js';
import type { LogLine } from '../../packages/broker/src/testing/test-broker.test-helper.js';
import { brokerTargets, uniqueName, type BrokerUnderTest } from './broker-targets.js';

/**
 * Kafka 4.x Java clients and CLI tools (test/reference/lib-4x, no broker) against Tributary's
 * broker and, as the oracle for every expectation, against the shared Apache Kafka 3.9.2.
 * On Tributary the broker also records which API versions the 4.x clients actually sent.
 */
const peers = requireKafka4Clients();

const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** Main classes of the 4.x tools (all moved to kafka-tools; checked with `unzip -l`). */
const Tool = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  producerPerformance: 'org.apache.kafka.tools.ProducerPerformance',
  getOffsetShell: 'org.apache.kafka.tools.GetOffsetShell',
  transactionalCopier: 'org.apache.kafka.tools.TransactionalMessageCopier',
  brokerApiVersions: 'org.apache.kafka.tools.BrokerApiVersionsCommand',
} as const;

/** Short-lived tools start faster with C1 only; the perf tool keeps the full JIT. slf4j-simple logs WARN+ to stderr. */
function javaArgs(className: string, args: readonly string[]): string[] {
  const quick = className === Tool.producerPerformance ? [] : ['-XX:TieredStopAtLevel=1'];
  return ['-Xmx256m', '-XX:+UseSerialGC', ...quick, '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-cp', join(KAFKA4_CLIENTS_LIB, '*'), className, ...args];
}

async function run4(className: string, args: readonly string[], input?: string, timeoutMs = 60_000): Promise<ProcessResult> {
  return await runProcess('java', javaArgs(className, args), { input, timeoutMs });
}

/** Logs each assignment the classic consumer's coordinator completes (INFO, to stderr). */
const ASSIGNMENT_LOGGER = '-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker=info';

/**
 * A long-running console consumer whose stdout (it flushes per record) and latest partition
 * assignment are read while it runs.
 */
function startConsumer(topic: string, args: readonly string[]): { lines: () => string[]; assigned: () => number[] | undefined; stop: () => Promise<number | null> } {
  const child = spawn('java', [ASSIGNMENT_LOGGER, ...javaArgs(Tool.consoleConsumer, args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    lines: () => out.split('\n').filter((line) => line.length > 0),
    // The eager (range) protocol revokes everything at each rebalance, so the last line is the whole assignment.
    assigned: () => {
      const last = [...err.matchAll(/Adding newly assigned partitions: ?(.*)$/gm)].at(-1);
      if (!last) return undefined;
      return [...last[1]!.matchAll(new RegExp(`${topic}-(\\d+)`, 'g'))].map((m) => Number(m[1])).sort();
    },
    // SIGTERM runs the tool's shutdown hook: the consumer commits and leaves the group.
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return await exited;
    },
  };
}

/** `Name(key): min to max [usable: v]` lines of BrokerApiVersionsCommand → name → usable version. */
function usableVersions(stdout: string): Map<string, number> {
  const usable = new Map<string, number>();
  for (const match of stdout.matchAll(/^\s*(\w+)\(\d+\): [^[\n]*\[usable: (\d+)\]/gm)) usable.set(match[1]!, Number(match[2]));
  return usable;
}

/** Rows of a ConsumerGroupCommand table for one group, split on whitespace. */
function groupRows(stdout: string, group: string): string[][] {
  return stdout.split('\n').filter((line) => line.startsWith(`${group} `)).map((line) => line.trim().split(/\s+/));
}

interface Target {
  readonly name: 'tributary' | 'apache-kafka';
  readonly available: boolean;
  start(): Promise<BrokerUnderTest>;
}

/** Versions of each API the clients sent to the Tributary broker, and its log lines. */
const seen = { versions: new Map<number, Set<number>>(), log: [] as LogLine[] };

/** Tributary with a recording logger and a request hook, so the test sees what the 4.x clients sent. */
async function startObservedTributary(): Promise<BrokerUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'trib-java4-'));
  const logger = recordingLogger();
  seen.log = logger.lines;
  const broker = await startLogBroker({ logDir: dir }, {
    logger,
    metrics: {
      requestCompleted: (apiKey, apiVersion) => {
        const versions = seen.versions.get(apiKey) ?? new Set<number>();
        seen.versions.set(apiKey, versions.add(apiVersion));
      },
    },
  });
  return {
    bootstrap: `127.0.0.1:${broker.port}`,
    port: broker.port,
    restart: undefined,
    async close() {
      await broker.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function targets(): Target[] {
  const apache = brokerTargets().find((target) => target.name === 'apache-kafka')!;
  return [{ name: 'tributary', available: true, start: startObservedTributary }, apache];
}

describe.each(targets())(`Kafka ${kafka4ClientsVersion() ?? '4.x'} Java clients and tools against $name`, (target) => {
  const run = peers.available && target.available;
  let broker: BrokerUnderTest;
  let bs: string;

  beforeAll(async () => {
    if (!run) return;
    broker = await target.start();
    bs = broker.bootstrap;
  });
  afterAll(async () => {
    await broker?.close();
  });

  const createTopic = async (topic: string, partitions: number, ...extra: string[]): Promise<void> => {
    const created = await run4(Tool.topics, ['--bootstrap-server', bs, '--create', '--topic', topic, '--partitions', String(partitions), ...extra]);
    expect(created.stdout, created.stderr).toContain(`Created topic ${topic}.`);
  };

  it.skipIf(!run)('admin: kafka-topics creates and describes a topic', async () => {
    const topic = uniqueName('j4-admin');
    await createTopic(topic, 3, '--config', 'retention.ms=60000');
    const described = await run4(Tool.topics, ['--bootstrap-server', bs, '--describe', '--topic', topic]);
    expect(described.code, described.stderr).toBe(0);
    // The id the tool prints (from DescribeTopicPartitions) is the one Metadata v12 reports.
    const client = await RawClient.connect(broker.port);
    const meta = await client.request(3, 12, { topics: [{ topicId: NULL_UUID, name: topic }], allowAutoTopicCreation: false }).finally(() => client.close());
    const topicId = meta.topics[0]!.topicId;
    expect(topicId).not.toBe(NULL_UUID);
    // kafka-topics prints the id in Kafka's base64 form.
    const printed = Buffer.from(topicId.replaceAll('-', ''), 'hex').toString('base64url');
    expect(described.stdout).toMatch(new RegExp(`Topic: ${topic}\\s+TopicId: ${printed}\\s+PartitionCount: 3\\s+ReplicationFactor: 1\\s+Configs: .*retention\\.ms=60000`));
    for (const p of [0, 1, 2]) expect(described.stdout).toMatch(new RegExp(`Partition: ${p}\\s+Leader: 1\\s+Replicas: 1\\s+Isr: 1\\s+Elr: \\s*LastKnownElr: \\s*$`, 'm'));
  });

  it.skipIf(!run)('console producer (idempotent by default) → console consumer round-trips keys and headers; the group commits offsets with lag 0', async () => {
    const topic = uniqueName('j4-roundtrip');
    const group = uniqueName('j4-rt-group');
    await createTopic(topic, 1);
    const lines = ['h1:v1,h2:v2\tk1\tfirst', 'h1:x\tk2\tsecond', 'trace:abc\tk3\tthird'];
    const produced = await run4(Tool.consoleProducer, [
      '--bootstrap-server', bs, '--topic', topic, '--property', 'parse.key=true', '--property', 'parse.headers=true',
    ], lines.join('\n') + '\n');
    expect(produced.code, produced.stderr).toBe(0);

    const consumed = await run4(Tool.consoleConsumer, [
      '--bootstrap-server', bs, '--topic', topic, '--from-beginning', '--max-messages', '3', '--group', group,
      '--property', 'print.key=true', '--property', 'print.headers=true',
    ]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toEqual(lines);

    const described = await run4(Tool.consumerGroups, ['--bootstrap-server', bs, '--describe', '--group', group]);
    expect(described.code, described.stderr).toBe(0);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    expect(groupRows(described.stdout, group).map((row) => row.slice(1, 6))).toEqual([[topic, '0', '3', '3', '0']]);
  });

  it.skipIf(!run)('a group of two console consumers splits the partitions, sees every record once, and commits on shutdown', async () => {
    const topic = uniqueName('j4-group');
    const group = uniqueName('j4-group');
    await createTopic(topic, 2);
    // --from-beginning (earliest) so records written before a consumer has resolved its position still count.
    // A short heartbeat lets the first member learn of the second one's join sooner (default 3 s).
    const consumerArgs = ['--bootstrap-server', bs, '--topic', topic, '--group', group, '--from-beginning',
      '--consumer-property', 'heartbeat.interval.ms=500', '--property', 'print.partition=true', '--property', 'print.key=true'];
    const consumers = [startConsumer(topic, consumerArgs), startConsumer(topic, consumerArgs)];
    try {
      // Both members joined: their latest assignments are one partition each, not the same one.
      await waitFor(() => {
        const [a, b] = consumers.map((c) => c.assigned());
        return a?.length === 1 && b?.length === 1 && a[0] !== b[0];
      }, { timeoutMs: 40_000, message: 'two consumers with one partition each' });
      const members = await run4(Tool.consumerGroups, ['--bootstrap-server', bs, '--describe', '--group', group, '--members']);
      // GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS
      expect(groupRows(members.stdout, group).map((row) => row.at(-1)), members.stdout + members.stderr).toEqual(['1', '1']);

      const records = Array.from({ length: 40 }, (_, i) => `key${i}:value${i}`);
      const produced = await run4(Tool.consoleProducer, [
        '--bootstrap-server', bs, '--topic', topic, '--property', 'parse.key=true', '--property', 'key.separator=:',
      ], records.join('\n') + '\n');
      expect(produced.code, produced.stderr).toBe(0);
      await waitFor(() => consumers.reduce((n, c) => n + c.lines().length, 0) >= records.length, {
        timeoutMs: 30_000, message: 'both consumers together received every record',
      });

      // Each line is `Partition:<p>\t<key>\t<value>`: every consumer read exactly one partition, not the same one.
      const seenBy = consumers.map((c) => c.lines().map((line) => line.split('\t')));
      const partitionsOf = seenBy.map((rows) => [...new Set(rows.map((row) => row[0]))]);
      expect(partitionsOf.every((ps) => ps.length === 1)).toBe(true);
      expect(partitionsOf[0]![0]).not.toBe(partitionsOf[1]![0]);
      expect(seenBy.flat().map((row) => `${row[1]}:${row[2]}`).sort()).toEqual([...records].sort());
    } finally {
      await Promise.all(consumers.map((c) => c.stop()));
    }

    const described = await run4(Tool.consumerGroups, ['--bootstrap-server', bs, '--describe', '--group', group]);
    expect(described.stdout + described.stderr).toMatch(/has no active members/);
    const rows = groupRows(described.stdout, group).sort((a, b) => Number(a[2]) - Number(b[2]));
    expect(rows.map((row) => row[2])).toEqual(['0', '1']);
    for (const row of rows) expect(row[3], 'committed offset = log end offset').toBe(row[4]);
    expect(rows.reduce((n, row) => n + Number(row[3]), 0)).toBe(40);
  });

  it.skipIf(!run)('EOS with the 4.x producer: TransactionalMessageCopier (group metadata, random aborts) copies every record exactly once for read_committed readers', async () => {
    const [input, output] = [uniqueName('j4-eos-in'), uniqueName('j4-eos-out')];
    await Promise.all([createTopic(input, 1), createTopic(output, 1)]);
    const values = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const produced = await run4(Tool.consoleProducer, ['--bootstrap-server', bs, '--topic', input], values.join('\n') + '\n');
    expect(produced.code, produced.stderr).toBe(0);
    const copier = await run4(Tool.transactionalCopier, [
      '--broker-list', bs, '--input-topic', input, '--input-partition', '0', '--output-topic', output,
      '--transactional-id', uniqueName('j4-copier'), '--consumer-group', uniqueName('j4-copier-g'), '--max-messages', '200',
      '--transaction-size', '20', '--use-group-metadata', '--enable-random-aborts',
    ], undefined, 60_000);
    expect(copier.code, copier.stderr).toBe(0);
    expect(copier.stdout).toContain('"stage":"ShutdownComplete"');
    const read = await run4(Tool.consoleConsumer, [
      '--bootstrap-server', bs, '--topic', output, '--from-beginning', '--isolation-level', 'read_committed',
      '--max-messages', '200', '--timeout-ms', '20000',
    ]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout.trim().split('\n')).toEqual(values);
  });

  it.skipIf(!run)('kafka-producer-perf-test sends 5000 records with acks=all and every one is in the log', async () => {
    const topic = uniqueName('j4-perf'); // auto-created by the producer's first Metadata request
    const perf = await run4(Tool.producerPerformance, [
      '--topic', topic, '--num-records', '5000', '--record-size', '100', '--throughput', '-1',
      '--producer-props', `bootstrap.servers=${bs}`, 'acks=all', 'linger.ms=5',
    ]);
    expect(perf.code, perf.stderr).toBe(0);
    expect(perf.stdout).toMatch(/^5000 records sent, [\d.]+ records\/sec/m);
    const offsets = await run4(Tool.getOffsetShell, ['--bootstrap-server', bs, '--topic', topic]);
    const total = offsets.stdout.trim().split('\n').reduce((n, line) => n + Number(line.split(':')[2]), 0);
    expect(total).toBe(5000);
  });

  it.skipIf(!run)('kafka-broker-api-versions negotiates a usable version of every API the 4.x clients above used', async () => {
    const apis = await run4(Tool.brokerApiVersions, ['--bootstrap-server', bs]);
    expect(apis.code, apis.stderr).toBe(0);
    const usable = usableVersions(apis.stdout);
    const used = ['Produce', 'Fetch', 'ListOffsets', 'Metadata', 'OffsetCommit', 'OffsetFetch', 'FindCoordinator',
      'JoinGroup', 'Heartbeat', 'LeaveGroup', 'SyncGroup', 'DescribeGroups', 'ApiVersions', 'CreateTopics',
      'InitProducerId', 'AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn', 'TxnOffsetCommit', 'DescribeConfigs', 'DescribeCluster',
      'DescribeTopicPartitions'];
    expect(used.filter((name) => !usable.has(name)), 'APIs without a usable version').toEqual([]);
    if (target.name !== 'tributary') return;

    // What the 4.x clients sent over this file: nothing the broker refused, and for each API the
    // highest version both sides support (the one kafka-broker-api-versions calls usable).
    const refused = seen.log.filter((line) => line.level === 'warn' && /unsupported|malformed/.test(line.msg ?? ''));
    expect(refused.map((line) => ({ msg: line.msg, ...line.obj }))).toEqual([]);
    const sent = Object.fromEntries([...seen.versions].map(([key, versions]) => [apiName(key), Math.max(...versions)]));
    console.info(`[java4-clients] versions sent by Kafka ${kafka4ClientsVersion()} clients: ${JSON.stringify(Object.fromEntries([...seen.versions].map(([k, v]) => [apiName(k), [...v].sort()])))}`);
    expect(Object.keys(sent)).toEqual(expect.arrayContaining(used));
    const notUsable = Object.entries(sent).filter(([name, version]) => usable.get(name) !== version);
    expect(notUsable, `versions sent by the 4.x clients: ${JSON.stringify(sent)}`).toEqual([]);
  });
});
