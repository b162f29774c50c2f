import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireReferenceKafka } from '../helpers/peers.js';
import { runProcess, type ProcessResult } from '../helpers/run-process.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';
import { waitFor } from '../helpers/wait-for.js';

// The seed tutorial (kafka-storage format, kafka-server-start, kafka-topics, console producer and
// consumer, kafka-consumer-groups) run step for step with `tributary`, each step a child process.
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLI = ['--conditions=@tributary/source', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin/tributary.ts')];
const LINES = Array.from({ length: 1000 }, (_, i) => String(i + 1));

async function cli(args: readonly string[], input?: string): Promise<ProcessResult> {
  return await runProcess(process.execPath, [...CLI, ...args], { cwd: ROOT, timeoutMs: 90_000, ...(input === undefined ? {} : { input }) });
}

/** Runs a step and fails with its stderr when it does not exit 0. */
async function ok(args: readonly string[], input?: string): Promise<string> {
  const r = await cli(args, input);
  if (r.code !== 0) throw new Error(`tributary ${args.join(' ')} exited ${String(r.code)}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The client half of the tutorial; identical against Tributary's broker and Apache Kafka. */
async function clientSteps(bootstrap: string, suffix: string): Promise<void> {
  const b = ['--bootstrap-server', bootstrap];
  const topic = `quickstart-events-${suffix}`;
  const group = `quickstart-group-${suffix}`;

  expect(await ok(['topics', '--create', '--topic', topic, '--partitions', '1', '--replication-factor', '1', ...b])).toBe(`Created topic ${topic}.\n`);
  expect(await ok(['topics', '--list', ...b])).toMatch(new RegExp(`^${topic}$`, 'm'));
  const described = await ok(['topics', '--describe', '--topic', topic, ...b]);
  expect(described).toMatch(new RegExp(`^Topic: ${topic}\\tPartitionCount: 1\\tReplicationFactor: 1\\tConfigs: `, 'm'));
  expect(described).toMatch(/\tPartition: 0\tLeader: \d+\tReplicas: \d+\tIsr: \d+/);

  await ok(['produce', '--topic', topic, ...b], LINES.join('\n') + '\n');

  const consumed = await ok(['consume', '--topic', topic, '--from-beginning', '--max-messages', '1000', '--timeout-ms', '30000', ...b]);
  expect(consumed.split('\n').slice(0, -1)).toEqual(LINES);

  const withGroup = await cli(['consume', '--topic', topic, '--group', group, '--from-beginning', '--max-messages', '1000', '--timeout-ms', '30000', ...b]);
  expect(withGroup.code).toBe(0);
  expect(withGroup.stderr).toMatch(/Processed a total of 1000 messages/);

  expect(await ok(['groups', '--list', ...b])).toMatch(new RegExp(`^${group}$`, 'm'));
  const table = await ok(['groups', '--describe', '--group', group, ...b]);
  const row = table.split('\n').find((l) => l.startsWith(`${group} `))?.split(/ +/);
  // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
  expect(row?.slice(0, 6)).toEqual([group, topic, '0', '1000', '1000', '0']);
}

describe('seed tutorial with the tributary CLI against Tributary\'s broker', () => {
  let dir = '';
  let broker: ChildProcess | undefined;
  let brokerOut = '';
  let brokerErr = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trib-cli-tutorial-'));
  });

  afterAll(async () => {
    if (broker !== undefined && broker.exitCode === null && broker.signalCode === null) broker.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  let port = '';
  let exited: Promise<number | null> = Promise.resolve(null);

  it('formats storage and starts the broker in the foreground', { timeout: 120_000 }, async () => {
    const dataDir = join(dir, 'data');
    const clusterId = (await ok(['broker', 'random-uuid'])).trim();
    expect(clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await ok(['broker', 'format', '--cluster-id', clusterId, '--data-dir', dataDir])).toMatch(/^Formatted /);
    expect(existsSync(join(dataDir, 'meta.properties'))).toBe(true);

    const child = spawn(
      process.execPath,
      [...CLI, 'broker', 'start', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--override', 'group.initial.rebalance.delay.ms=0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    broker = child;
    child.stdout?.on('data', (c: Buffer) => (brokerOut += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (brokerErr += c.toString()));
    exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

    port = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`broker exited ${child.exitCode}: ${brokerErr.trim()}`);
        return /listening on PLAINTEXT:\/\/127\.0\.0\.1:(\d+)/.exec(brokerOut)?.[1];
      },
      { timeoutMs: 60_000, message: 'the broker startup line' },
    );
    expect(brokerOut).toContain(`cluster.id=${clusterId}`);
  });

  it('creates a topic, produces 1000 lines, consumes them and shows lag 0 for the group', { timeout: 240_000 }, async () => {
    expect(port).not.toBe('');
    await clientSteps(`127.0.0.1:${port}`, 'tributary');
  });

  it('stops cleanly on SIGTERM with exit code 0', { timeout: 60_000 }, async () => {
    expect(broker).toBeDefined();
    broker?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(brokerOut).toMatch(/Tributary broker stopped/);
  });
});

// Fails loudly in CI when java or the Kafka jars are missing; locally skips with the install step.
const peer = requireReferenceKafka();

describe.skipIf(!peer.available)('the same client commands against Apache Kafka', () => {
  let lease: KafkaLease | undefined;
  beforeAll(async () => {
    lease = await acquireReferenceKafka();
  });
  afterAll(async () => {
    await lease?.release();
  });

  it('creates a topic, produces, consumes and describes the group', { timeout: 240_000 }, async () => {
    if (lease === undefined) throw new Error('reference Kafka did not start');
    await clientSteps(lease.bootstrap, `kafka-${Date.now()}`);
  });
});
