import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded } from '@tributary/client';
import { afterAll, describe, expect, it } from 'vitest';
import { runAllInOne } from './app/all-in-one.js';
import { expectedStatuses, planOrders } from './domain/order-plan.js';

// Blocked on the runtime: TopologyMetadata.sourceTopicsOf (packages/streams/src/runtime/tasks/
// topology-metadata.ts) spreads its `known` iterator once per topic, so a sub-topology with two or
// more source topics (the inventory merge, the status joins) gets tasks with only its first topic
// and nothing is joined. With that one line fixed this passes (verified by patching it). Unskip then.
const RUNTIME_ASSIGNS_MULTI_SOURCE_TASKS = true;

describe.skipIf(!RUNTIME_ASSIGNS_MULTI_SOURCE_TASKS)('order processing, every service in one process on the embedded log', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'order-processing-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('brings every order to exactly one final status, equal to the oracle computed from the seed', { timeout: 60_000 }, async () => {
    const plan = planOrders({ seed: 11, count: 80, runId: 't' });
    const cluster = embedded({ inMemory: true }, { clientId: 'order-processing-test' });
    try {
      const result = await runAllInOne(cluster, { plan, partitions: 3, stateDir, ratePerSecond: Infinity, paymentInstances: 2, inventoryInstances: 2, timeoutMs: 45_000 });
      expect(result.complete).toBe(true);
      const oracle = expectedStatuses(plan);
      const got = new Map([...result.finals].map(([id, list]) => [id, list.map((s) => s.status)]));
      for (const [id, want] of oracle) expect(got.get(id), id).toEqual([want]);
      expect(got.size).toBe(oracle.size);
      // The seed exercises every outcome, and the DLQ path.
      expect(new Set(oracle.values())).toEqual(new Set(['COMPLETED', 'PAYMENT_FAILED', 'OUT_OF_STOCK']));
      expect(result.deadLettered).toBeGreaterThan(0);
      expect(result.notified).toBe(plan.orders.length);
    } finally {
      await cluster.disconnect();
    }
  });
});
