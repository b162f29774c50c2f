import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafka, type Cluster } from '@tributary/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusTail } from '../../examples/order-processing/src/app/status-tail.js';
import { topicSize } from '../../examples/order-processing/src/app/topics-setup.js';
import { expectedStatuses, planOrders } from '../../examples/order-processing/src/domain/order-plan.js';
import { gatewayBehaviour } from '../../examples/order-processing/src/domain/payment-gateway.js';
import { DEFAULT_RETRY_POLICY } from '../../examples/order-processing/src/domain/retry-policy.js';
import { APPS, DLQ_HEADERS, GROUPS, TOPICS } from '../../examples/order-processing/src/topology/topics.js';
import { runProcess } from '../helpers/run-process.js';
import { waitFor } from '../helpers/wait-for.js';

// The order walk-through as it runs in production: `tributary broker` and every service its own
// process, two instances of payment and inventory sharing their groups, one payment instance
// killed with SIGKILL mid-run. Every order must still reach exactly one final status, the one
// the seed predicts.
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const NODE_ARGS = ['--conditions=@tributary/source', '--import', 'tsx'];
const CLI = join(ROOT, 'packages/cli/src/bin/tributary.ts');
const SERVICES = join(ROOT, 'examples/order-processing/src/services');
const ORDERS = { count: 300, seed: 7, runId: 'e2e', rate: 40 };

// Blocked on the runtime: TopologyMetadata.sourceTopicsOf (packages/streams/src/runtime/tasks/
// topology-metadata.ts) spreads its `known` iterator once per topic, so a sub-topology with two or
// more source topics (the inventory merge, the status joins) gets tasks with only its first topic
// and nothing is joined. With that one line fixed this passes (verified by patching it). Unskip then.
const RUNTIME_ASSIGNS_MULTI_SOURCE_TASKS = true;

/** A child process whose output the test can wait on. */
interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

const children: Child[] = [];

function start(name: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, [...NODE_ARGS, script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const child: Child = {
    name,
    proc,
    output: () => out,
    exited,
    waitFor: (pattern, timeoutMs) =>
      waitFor(() => pattern.exec(out) ?? (proc.exitCode !== null ? Promise.reject(new Error(`${name} exited ${proc.exitCode}:\n${out}`)) : null), {
        timeoutMs,
        intervalMs: 100,
        message: `${name} to print ${String(pattern)}; output so far:\n${out.slice(-2000)}`,
      }),
  };
  children.push(child);
  return child;
}

describe.skipIf(!RUNTIME_ASSIGNS_MULTI_SOURCE_TASKS)('order processing as separate processes against `tributary broker`', () => {
  let dir = '';
  let bootstrap = '';
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'order-processing-e2e-'));
    const data = join(dir, 'broker');
    const uuid = await runProcess(process.execPath, [...NODE_ARGS, CLI, 'broker', 'random-uuid'], { cwd: ROOT });
    const format = await runProcess(process.execPath, [...NODE_ARGS, CLI, 'broker', 'format', '--cluster-id', uuid.stdout.trim(), '--data-dir', data], { cwd: ROOT });
    if (format.code !== 0) throw new Error(`broker format failed: ${format.stderr}`);
    const broker = start('broker', CLI, ['broker', 'start', '--data-dir', data, '--port', '0', '--log-level', 'warn', '--override', 'group.initial.rebalance.delay.ms=0']);
    const [, address] = await broker.waitFor(/listening on PLAINTEXT:\/\/([\d.]+:\d+)/, 30_000);
    bootstrap = address!;
    cluster = kafka({ brokers: [bootstrap], clientId: 'order-processing-e2e', logLevel: 'error' });
    await cluster.connect();
  });

  afterAll(async () => {
    await cluster?.disconnect().catch(() => undefined);
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('survives a payment instance killed mid-run: every order gets exactly one final status, the oracle\'s', { timeout: 100_000 }, async () => {
    const started = Date.now();
    const env = (instance: string): NodeJS.ProcessEnv => ({
      TRIBUTARY_CLUSTER: `tributary://${bootstrap}`,
      TRIBUTARY_PARTITIONS: '4',
      INSTANCE_ID: instance,
      SESSION_TIMEOUT_MS: '6000',
      STATE_DIR: join(dir, 'state', instance),
      QUIET: '1',
    });
    const services = [
      start('payment-1', join(SERVICES, 'payment.ts'), [], env('p1')),
      start('payment-2', join(SERVICES, 'payment.ts'), [], env('p2')),
      start('inventory-1', join(SERVICES, 'inventory.ts'), [], env('i1')),
      start('inventory-2', join(SERVICES, 'inventory.ts'), [], env('i2')),
      start('notification-1', join(SERVICES, 'notification.ts'), [], env('n1')),
      start('order-status-1', join(SERVICES, 'order-status.ts'), [], env('s1')),
    ];
    await Promise.all(services.map((s) => s.waitFor(/started on the tributary broker/, 40_000)));
    const [payment1] = services;

    const orders = start('orders', join(SERVICES, 'orders.ts'), [], {
      ...env('o1'),
      ORDER_COUNT: String(ORDERS.count),
      ORDER_SEED: String(ORDERS.seed),
      RUN_ID: ORDERS.runId,
      ORDER_RATE: String(ORDERS.rate),
    });
    const tail = new StatusTail(cluster!, undefined, `${ORDERS.runId}-`);
    await tail.start();
    try {
      // Mid-run: payments are flowing, most are still to come.
      const paidWhenKilled = await waitFor(async () => {
        const n = await topicSize(cluster!, TOPICS.payments);
        return n >= ORDERS.count / 4 ? n : 0;
      }, { timeoutMs: 40_000, message: 'a quarter of the payments' });
      expect(paidWhenKilled).toBeLessThan(ORDERS.count);
      payment1!.proc.kill('SIGKILL');
      await payment1!.exited;

      expect(await orders.exited).toBe(0);
      await waitFor(() => tail.finalCount >= ORDERS.count, { timeoutMs: 45_000, intervalMs: 200, message: `all ${ORDERS.count} final statuses` }).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${tail.finalCount} final so far\n${await diagnose(cluster!)}`);
      });
      // Let the status app drain its inputs and the tail read to the end, so a late duplicate would show.
      await waitFor(async () => (await groupLag(cluster!, APPS.orderStatus, [TOPICS.orders, TOPICS.payments, TOPICS.reservations, TOPICS.notifications])) === 0, { timeoutMs: 20_000, message: 'status app caught up' });
      const end = await topicSize(cluster!, TOPICS.orderStatus);
      // Every record on this fresh broker belongs to the run, so the tail has read them all when it counted `end`.
      await waitFor(() => tail.updates >= end, { timeoutMs: 10_000, message: 'tail at the end of order-status' });

      const oracle = expectedStatuses(planOrders({ seed: ORDERS.seed, count: ORDERS.count, runId: ORDERS.runId }));
      const got = new Map([...tail.finals].map(([id, list]) => [id, list.map((s) => s.status)]));
      const wrong = [...oracle].filter(([id, want]) => JSON.stringify(got.get(id)) !== JSON.stringify([want]));
      expect(wrong.map(([id, want]) => `${id}: want ${want}, got ${JSON.stringify(got.get(id))}`)).toEqual([]);
      expect(got.size).toBe(oracle.size);
      expect(new Set(oracle.values()).size).toBe(3);

      // Transient failures beyond the retries were dead-lettered, with the error in headers.
      const dlq = await readAll(cluster!, TOPICS.paymentsDlq);
      const expectDlq = [...oracle.keys()].filter((id) => !gatewayBehaviour(id).declined && gatewayBehaviour(id).transientFailures >= DEFAULT_RETRY_POLICY.maxAttempts);
      expect(new Set(dlq.map((r) => r.key))).toEqual(new Set(expectDlq));
      for (const r of dlq) {
        expect(r.headers[DLQ_HEADERS.error]).toMatch(/gave up after 3 attempts/);
        expect(r.headers[DLQ_HEADERS.sourceTopic]).toBe(TOPICS.orders);
      }

      // The survivors are still running; the killed one did not come back.
      for (const s of services.slice(1)) expect(s.proc.exitCode, `${s.name}:\n${s.output().slice(-1500)}`).toBeNull();
      expect(payment1!.proc.signalCode).toBe('SIGKILL');
      // The group noticed the crash: the survivor owns every `orders` partition now.
      const [group] = await cluster!.admin.describeGroups([GROUPS.payment]);
      expect(group?.members.map((m) => m.assignedPartitions.length)).toEqual([4]);
      process.stdout.write(`order-processing e2e: ${ORDERS.count} orders, payment-1 killed at ${paidWhenKilled} payments, ${await topicSize(cluster!, TOPICS.payments)} payment results (replays included), ${tail.updates} status updates, ${dlq.length} dead letters, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } finally {
      await tail.stop();
    }
  });
});

/** Topic sizes and the tail of every child's output, for a failure message. */
async function diagnose(cluster: Cluster): Promise<string> {
  const sizes: string[] = [];
  for (const t of [...Object.values(TOPICS), `${APPS.inventory}-orders-by-sku-repartition`]) sizes.push(`${t}=${await topicSize(cluster, t).catch(() => '?')}`);
  return [sizes.join(' '), ...children.map((c) => `--- ${c.name} (exit ${String(c.proc.exitCode ?? c.proc.signalCode)}):\n${c.output().slice(-1200)}`)].join('\n');
}

/** Records the group has not committed yet across `topics`. */
async function groupLag(cluster: Cluster, groupId: string, topics: readonly string[]): Promise<number> {
  const committed = await cluster.admin.committedOffsets(groupId, topics);
  const ends = await cluster.admin.listOffsets(committed.map((c) => ({ topic: c.topic, partition: c.partition, spec: 'latest' as const })));
  return ends.reduce((lag, e) => lag + e.offset - (committed.find((c) => c.topic === e.topic && c.partition === e.partition)?.offset ?? 0), 0);
}

/** Every record of a (small) topic, keys and headers as strings. */
async function readAll(cluster: Cluster, topic: string): Promise<{ key: string; headers: Record<string, string> }[]> {
  const end = await topicSize(cluster, topic);
  const consumer = cluster.consumer({ groupId: `e2e-read-${topic}-${Date.now()}`, autoOffsetReset: 'earliest' });
  await consumer.connect();
  await consumer.subscribe([topic]);
  const out: { key: string; headers: Record<string, string> }[] = [];
  try {
    await waitFor(async () => {
      for (const b of await consumer.poll(500)) {
        for (const r of b.records) out.push({ key: r.key?.toString() ?? '', headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value?.toString() ?? ''])) });
      }
      return out.length >= end;
    }, { timeoutMs: 20_000, message: `all ${end} records of ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return out;
}
