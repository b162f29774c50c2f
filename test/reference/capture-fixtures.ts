/**
 * Regenerates test/fixtures/frames/: starts a reference Kafka advertised through a FrameCapture
 * proxy, runs kcat, kafkajs and Kafka's Java tools through it, then writes one request/response
 * pair per (client, apiKey, version) and prints the listing used in the README.
 *
 *   node --conditions=@tributary/source --import tsx test/reference/capture-fixtures.ts
 */
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from '../helpers/free-port.js';
import { KafkaTool, runKafkaTool } from '../helpers/java-tools.js';
import { runKcat } from '../helpers/kcat.js';
import { REPO_ROOT } from '../helpers/reference-paths.js';
import { startReferenceKafka } from '../helpers/reference-kafka.js';
import type { ProcessResult } from '../helpers/run-process.js';
import { waitFor } from '../helpers/wait-for.js';
import { describeFixtures, FrameCapture } from './capture-frames.js';

const OUT = join(REPO_ROOT, 'test', 'fixtures', 'frames');
const lines = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `${prefix}${i % 3}:value-${i}`).join('\n') + '\n';

function check(what: string, result: ProcessResult): void {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}${result.timedOut ? ', timed out' : ''}): ${result.stderr.slice(-2000)}`);
  process.stdout.write(`  ok ${what}\n`);
}

async function kcatScenario(bootstrap: string): Promise<void> {
  check('kcat -L', await runKcat(bootstrap, ['-L']));
  check('kcat -P', await runKcat(bootstrap, ['-P', '-t', 'fx-kcat', '-K', ':'], { input: lines('k', 10) }));
  check('kcat -P idempotent', await runKcat(bootstrap, ['-P', '-t', 'fx-kcat', '-K', ':', '-X', 'enable.idempotence=true'], { input: lines('i', 5) }));
  check('kcat -C', await runKcat(bootstrap, ['-C', '-t', 'fx-kcat', '-o', 'beginning', '-e']));
  check('kcat -G', await runKcat(bootstrap, ['-G', 'fx-kcat-group', '-X', 'auto.offset.reset=earliest', '-e', 'fx-kcat'], { timeoutMs: 60_000 }));
}

async function kafkajsScenario(bootstrap: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'fixtures-kafkajs', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const topic = 'fx-kafkajs';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: 'fx-kafkajs-tmp' }], waitForLeaders: true });
  await admin.listTopics();
  await admin.fetchTopicMetadata({ topics: [topic] });
  await admin.fetchTopicOffsets(topic);
  await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
  await admin.createPartitions({ topicPartitions: [{ topic: 'fx-kafkajs-tmp', count: 2 }] });
  await admin.deleteTopics({ topics: ['fx-kafkajs-tmp'] });
  process.stdout.write('  ok kafkajs admin\n');

  const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await idempotent.connect();
  await idempotent.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: `v${i}`, headers: { h: 'x' } })) });
  await idempotent.disconnect();
  process.stdout.write('  ok kafkajs idempotent producer\n');

  const group = 'fx-kafkajs-group';
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await consumer.run({ eachMessage: async () => void seen++ });
  await waitFor(() => seen >= 10, { timeoutMs: 30_000, message: 'kafkajs consumer to read 10 records' });
  await consumer.disconnect();
  process.stdout.write('  ok kafkajs consumer group\n');

  const txn = kafka.producer({ transactionalId: 'fx-kafkajs-txn', idempotent: true, maxInFlightRequests: 1 });
  await txn.connect();
  const committed = await txn.transaction();
  await committed.send({ topic, messages: [{ key: 'tx', value: 'committed' }] });
  await committed.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: '1' }] }] });
  await committed.commit();
  const aborted = await txn.transaction();
  await aborted.send({ topic, messages: [{ key: 'tx', value: 'aborted' }] });
  await aborted.abort();
  await txn.disconnect();
  process.stdout.write('  ok kafkajs transactional producer\n');

  await admin.describeGroups([group]);
  await admin.listGroups();
  await admin.fetchOffsets({ groupId: group, topics: [topic] });
  await admin.disconnect();
}

async function javaScenario(bootstrap: string): Promise<void> {
  const topic = 'fx-java';
  check('TopicCommand --create', await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bootstrap, '--create', '--topic', topic, '--partitions', '1']));
  check('TopicCommand --describe', await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bootstrap, '--describe', '--topic', topic]));
  const props = ['--property', 'parse.key=true', '--property', 'key.separator=:'];
  check('ConsoleProducer', await runKafkaTool(KafkaTool.consoleProducer, ['--bootstrap-server', bootstrap, '--topic', topic, ...props], { input: lines('j', 10) }));
  check(
    'ConsoleConsumer --group',
    await runKafkaTool(KafkaTool.consoleConsumer, ['--bootstrap-server', bootstrap, '--topic', topic, '--group', 'fx-java-group', '--from-beginning', '--max-messages', '10', '--timeout-ms', '30000']),
  );
  check('ConsumerGroupCommand --describe', await runKafkaTool(KafkaTool.consumerGroups, ['--bootstrap-server', bootstrap, '--describe', '--group', 'fx-java-group']));
  check(
    'TransactionalMessageCopier (EOS: TxnOffsetCommit with group metadata)',
    await runKafkaTool(
      'org.apache.kafka.tools.TransactionalMessageCopier',
      ['--broker-list', bootstrap, '--input-topic', topic, '--input-partition', '0', '--output-topic', 'fx-java-copy', '--transactional-id', 'fx-java-txn', '--consumer-group', 'fx-java-copier', '--group-mode', '--use-group-metadata', '--transaction-size', '3', '--max-messages', '-1'],
      { timeoutMs: 90_000 },
    ),
  );
}

async function main(): Promise<void> {
  // The broker advertises the proxy, and its readiness check goes through it: proxy first.
  const kafkaPort = await freePort();
  const capture = await FrameCapture.start({ targetPort: kafkaPort, client: 'startup' });
  const kafka = await startReferenceKafka({ port: kafkaPort, advertisedPort: capture.port });
  const bootstrap = `127.0.0.1:${capture.port}`;
  await waitFor(() => capture.openConnections === 0, { timeoutMs: 15_000, message: 'readiness connections to close' });
  capture.exchanges.length = 0; // the readiness probe's frames are not a client's
  try {
    const scenarios: [string, (b: string) => Promise<void>][] = [
      ['kcat', kcatScenario],
      ['kafkajs', kafkajsScenario],
      ['java', javaScenario],
    ];
    for (const [client, run] of scenarios) {
      process.stdout.write(`${client}:\n`);
      capture.setClient(client);
      await run(bootstrap);
      await waitFor(() => capture.openConnections === 0, { timeoutMs: 15_000, message: `${client} connections to close` });
    }
  } finally {
    await capture.close();
    await kafka.stop();
  }
  const written = capture.flush(OUT);
  process.stdout.write(`kafka ${kafka.version}; ${written.length} pairs, ${written.reduce((n, w) => n + w.bytes, 0)} bytes\n`);
  for (const line of describeFixtures(written)) process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
