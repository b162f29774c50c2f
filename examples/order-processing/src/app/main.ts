import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FinalStatus } from '../domain/order.js';
import { expectedStatuses, planOrders } from '../domain/order-plan.js';
import { runAllInOne } from './all-in-one.js';
import { clusterFromEnv } from './cluster-from-env.js';

// `npm start -w @tributary/example-order-processing`: every service in one process on the
// embedded log, a bounded run of seeded orders, then a tally checked against the oracle.
const env = process.env;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dataDir = resolve(env['TRIBUTARY_EXAMPLE_DATA_DIR'] ?? join(repoRoot, '.tributary-data', 'order-processing'));
const count = Number(env['ORDER_COUNT'] ?? 200);
const seed = Number(env['ORDER_SEED'] ?? 42);
const rate = Number(env['ORDER_RATE'] ?? 100);
const verbose = env['QUIET'] !== '1';

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const { cluster, description, partitions } = clusterFromEnv(env['TRIBUTARY_CLUSTER'], join(dataDir, 'log'), 'order-processing');
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`Tributary order processing on the ${description}: orders, payment x2, inventory, notification, order-status in one process`);
  // A fresh id prefix per run: the persistent log keeps earlier runs' orders and statuses.
  const plan = planOrders({ seed, count, runId: env['RUN_ID'] ?? `run${Date.now().toString(36)}` });
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const oracle = expectedStatuses(plan);
  const byId = new Map(plan.orders.map((o) => [o.orderId, o]));
  const result = await runAllInOne(cluster, {
    plan,
    partitions,
    stateDir: join(dataDir, 'state'),
    ratePerSecond: rate,
    timeoutMs: 60_000 + (count * 1000) / rate,
    signal: abort.signal,
    log: out,
    onFinal: (s) => {
      if (!verbose) return;
      const o = byId.get(s.orderId);
      out(`${s.status.padEnd(14)} ${s.orderId}  ${o?.quantity ?? '?'} x ${o?.sku ?? '?'}${s.reason === null ? '' : `  (${s.reason})`}`);
    },
  });
  await cluster.disconnect();

  const tally = new Map<FinalStatus, number>();
  let wrong = 0;
  let repeated = 0;
  for (const [id, want] of oracle) {
    const got = result.finals.get(id) ?? [];
    if (got.length > 1) repeated++;
    if (got[0]?.status !== want) wrong++;
    if (got[0] !== undefined && got[0].status !== 'PENDING') tally.set(got[0].status, (tally.get(got[0].status) ?? 0) + 1);
  }
  out(`\n${result.finals.size}/${count} orders final in ${(result.elapsedMs / 1000).toFixed(1)} s: ${[...tally].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  out(`payments charged ${result.charged} (dead-lettered ${result.deadLettered}), confirmations sent ${result.notified}, status updates ${result.statusUpdates}`);
  out(wrong === 0 && repeated === 0 ? 'every order reached the status the seed predicts, exactly once' : `MISMATCH: ${wrong} orders differ from the oracle, ${repeated} have more than one final status`);
  if (!result.complete || wrong > 0 || repeated > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`order-processing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
