import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaTool, runKafkaTool } from '../helpers/java-tools.js';
import { requireReferenceKafka } from '../helpers/peers.js';
import { brokerTargets, kafkajs, uniqueName, type BrokerUnderTest } from './broker-targets.js';

const java = requireReferenceKafka();

describe.each(brokerTargets())("Kafka's own CLI tools (Java clients 3.9) against $name", (target) => {
  const run = java.available && target.available;
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

  it.skipIf(!run)('runs the quickstart: create/describe topic, console produce (idempotent Java producer), console consume in a group, group and offset tools, delete', async () => {
    const topic = uniqueName('quickstart-events');
    const group = uniqueName('qs-group');
    const create = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--create', '--topic', topic, '--partitions', '3']);
    expect(create.stdout, create.stderr).toContain(`Created topic ${topic}.`);

    const describeOut = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--describe', '--topic', topic]);
    expect(describeOut.stdout).toMatch(/PartitionCount: 3\s+ReplicationFactor: 1/);
    expect(describeOut.stdout).toMatch(/Partition: 2\s+Leader: 1\s+Replicas: 1\s+Isr: 1/);

    const produce = await runKafkaTool(
      KafkaTool.consoleProducer,
      ['--bootstrap-server', bs, '--topic', topic, '--property', 'parse.key=true', '--property', 'key.separator=:'],
      { input: 'a:first event\nb:second event\nc:third event\n' },
    );
    expect(produce.code, produce.stderr).toBe(0);

    const consume = await runKafkaTool(KafkaTool.consoleConsumer, [
      '--bootstrap-server', bs, '--topic', topic, '--from-beginning', '--max-messages', '3',
      '--group', group, '--property', 'print.key=true',
    ]);
    expect(consume.code, consume.stderr).toBe(0);
    expect(consume.stdout.trim().split('\n').sort()).toEqual(['a\tfirst event', 'b\tsecond event', 'c\tthird event']);

    const groups = await runKafkaTool(KafkaTool.consumerGroups, ['--bootstrap-server', bs, '--describe', '--group', group]);
    expect(groups.code, groups.stderr).toBe(0);
    const lag = groups.stdout.split('\n').filter((l) => l.startsWith(group)).map((l) => l.split(/\s+/)[5]);
    expect(lag).toEqual(['0', '0', '0']);

    const offsets = await runKafkaTool(KafkaTool.getOffsetShell, ['--bootstrap-server', bs, '--topic', topic]);
    const total = offsets.stdout.trim().split('\n').reduce((n, l) => n + Number(l.split(':')[2]), 0);
    expect(total).toBe(3);

    const del = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--delete', '--topic', topic]);
    expect(del.code, del.stderr).toBe(0);
    const list = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--list']);
    expect(list.stdout.trim().split('\n')).not.toContain(topic);
  }, 120_000);

  it.skipIf(!run)('kafka-configs alters and describes topic configs, reads broker configs; cluster-id and broker-api-versions work', async () => {
    const topic = uniqueName('cfg');
    const create = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--create', '--topic', topic, '--config', 'retention.ms=1000']);
    expect(create.code, create.stderr).toBe(0);
    const alter = await runKafkaTool('kafka.admin.ConfigCommand', ['--bootstrap-server', bs, '--alter', '--entity-type', 'topics', '--entity-name', topic, '--add-config', 'cleanup.policy=compact']);
    expect(alter.stdout, alter.stderr).toContain(`Completed updating config for topic ${topic}.`);
    const describeCfg = await runKafkaTool('kafka.admin.ConfigCommand', ['--bootstrap-server', bs, '--describe', '--entity-type', 'topics', '--entity-name', topic]);
    expect(describeCfg.stdout).toMatch(/cleanup\.policy=compact/);
    expect(describeCfg.stdout).toMatch(/retention\.ms=1000/);
    const brokerCfg = await runKafkaTool('kafka.admin.ConfigCommand', ['--bootstrap-server', bs, '--describe', '--entity-type', 'brokers', '--entity-name', '1', '--all']);
    expect(brokerCfg.stdout).toMatch(new RegExp(`advertised\\.listeners=\\S*PLAINTEXT://127\\.0\\.0\\.1:${broker.port}`));
    const cluster = await runKafkaTool('org.apache.kafka.tools.ClusterTool', ['cluster-id', '--bootstrap-server', bs]);
    expect(cluster.stdout.trim()).toMatch(/^Cluster ID: [A-Za-z0-9_-]{22}$/);
    if (target.name === 'tributary') expect(cluster.stdout.trim()).toBe('Cluster ID: TributaryCluster00000A');
    const apis = await runKafkaTool('kafka.admin.BrokerApiVersionsCommand', ['--bootstrap-server', bs]);
    expect(apis.stdout).toMatch(/Produce\(0\): 0 to \d+ \[usable: \d+\]/);
    expect(apis.stdout).toMatch(/DescribeProducers\(61\): 0 \[usable: 0\]/);
  }, 120_000);

  it.skipIf(!run)('kafka-transactions describe-producers lists the idempotent console producer on its partition', async () => {
    const topic = uniqueName('dp');
    const created = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--create', '--topic', topic, '--partitions', '1']);
    expect(created.code, created.stderr).toBe(0);
    const produce = await runKafkaTool(KafkaTool.consoleProducer, ['--bootstrap-server', bs, '--topic', topic], { input: 'a\nb\nc\n' });
    expect(produce.code, produce.stderr).toBe(0);
    const out = await runKafkaTool(KafkaTool.transactions, ['--bootstrap-server', bs, 'describe-producers', '--topic', topic, '--partition', '0']);
    expect(out.code, out.stderr).toBe(0);
    const [header, ...rows] = out.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(header).toEqual(['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset']);
    expect(rows.length).toBe(1);
    const [producerId, epoch, coordinatorEpoch, lastSequence, lastTimestamp, txnStart] = rows[0]!;
    expect(Number(producerId)).toBeGreaterThanOrEqual(0);
    expect(epoch).toBe('0');
    expect(coordinatorEpoch).toBe('-1');
    expect(lastSequence).toBe('2');
    expect(Math.abs(Number(lastTimestamp) - Date.now())).toBeLessThan(120_000);
    expect(txnStart).toBe('None');
  }, 120_000);

  it.skipIf(!run)('kafka-transactions list and describe show a transaction left open by a kafkajs transactional producer', async () => {
    const [topic, transactionalId] = [uniqueName('txl'), uniqueName('txl-id')];
    const created = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--create', '--topic', topic, '--partitions', '2']);
    expect(created.code, created.stderr).toBe(0);
    const producer = kafkajs(bs).producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 50_000 });
    await producer.connect();
    const txn = await producer.transaction();
    const rowsOf = (stdout: string) => stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    try {
      const before = Date.now();
      await txn.send({ topic, messages: [{ key: 'k', value: 'open', partition: 1 }] });

      const list = await runKafkaTool(KafkaTool.transactions, ['--bootstrap-server', bs, 'list']);
      expect(list.code, list.stderr).toBe(0);
      const [listHeader, ...listRows] = rowsOf(list.stdout);
      expect(listHeader).toEqual(['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState']);
      const listed = listRows.filter((r) => r[0] === transactionalId);
      expect(listed.length, list.stdout).toBe(1);
      const [, coordinator, producerId, listedState] = listed[0]!;
      expect(coordinator).toBe('1');
      expect(Number(producerId)).toBeGreaterThanOrEqual(0);
      expect(listedState).toBe('Ongoing');
      // ListTransactions v1 DurationFilter: the transaction is not yet an hour old.
      const old = await runKafkaTool(KafkaTool.transactions, ['--bootstrap-server', bs, 'list', '--duration-filter', '3600000']);
      expect(old.code, old.stderr).toBe(0);
      expect(rowsOf(old.stdout).filter((r) => r[0] === transactionalId)).toEqual([]);

      const describeOut = await runKafkaTool(KafkaTool.transactions, ['--bootstrap-server', bs, 'describe', '--transactional-id', transactionalId]);
      expect(describeOut.code, describeOut.stderr).toBe(0);
      const [header, ...rows] = rowsOf(describeOut.stdout);
      expect(header).toEqual([
        'CoordinatorId', 'TransactionalId', 'ProducerId', 'ProducerEpoch', 'TransactionState', 'TransactionTimeoutMs',
        'CurrentTransactionStartTimeMs', 'TransactionDurationMs', 'TopicPartitions',
      ]);
      expect(rows.length).toBe(1);
      const [coordinatorId, id, describedProducerId, epoch, state, timeoutMs, startMs, durationMs, partitions] = rows[0]!;
      expect([coordinatorId, id, describedProducerId, epoch, state, timeoutMs, partitions])
        .toEqual(['1', transactionalId, producerId, '0', 'Ongoing', '50000', `${topic}-1`]);
      expect(Number(startMs)).toBeGreaterThanOrEqual(before - 1_000);
      expect(Number(startMs)).toBeLessThanOrEqual(Date.now());
      expect(Number(durationMs)).toBeGreaterThanOrEqual(0);

      const unknown = await runKafkaTool(KafkaTool.transactions, ['--bootstrap-server', bs, 'describe', '--transactional-id', uniqueName('nope')]);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr + unknown.stdout).toMatch(/failed because the ID could not be found/);
    } finally {
      await txn.abort();
      await producer.disconnect();
    }
  }, 120_000);

  it.skipIf(!run)('EOS v2 with the Java client: TransactionalMessageCopier (group metadata, random aborts) copies every record exactly once to read_committed readers', async () => {
    const [input, output] = [uniqueName('eos-in'), uniqueName('eos-out')];
    for (const topic of [input, output]) {
      const created = await runKafkaTool(KafkaTool.topics, ['--bootstrap-server', bs, '--create', '--topic', topic, '--partitions', '1']);
      expect(created.code, created.stderr).toBe(0);
    }
    const values = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const produce = await runKafkaTool(KafkaTool.consoleProducer, ['--bootstrap-server', bs, '--topic', input], { input: values.join('\n') + '\n' });
    expect(produce.code, produce.stderr).toBe(0);
    const copier = await runKafkaTool('org.apache.kafka.tools.TransactionalMessageCopier', [
      '--broker-list', bs, '--input-topic', input, '--input-partition', '0', '--output-topic', output,
      '--transactional-id', uniqueName('copier'), '--consumer-group', uniqueName('copier-g'), '--max-messages', '200',
      '--transaction-size', '20', '--use-group-metadata', '--enable-random-aborts',
    ], { timeoutMs: 90_000 });
    expect(copier.code, copier.stderr).toBe(0);
    expect(copier.stdout).toContain('"stage":"ShutdownComplete"');
    const read = await runKafkaTool(KafkaTool.consoleConsumer, [
      '--bootstrap-server', bs, '--topic', output, '--from-beginning', '--isolation-level', 'read_committed', '--max-messages', '200', '--timeout-ms', '20000',
    ]);
    expect(read.stdout.trim().split('\n')).toEqual(values);
  }, 180_000);
});
