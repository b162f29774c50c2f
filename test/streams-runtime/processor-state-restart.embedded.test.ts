import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import { TributaryStreams } from '@tributary/streams';
import { createTopics, tempDir, testLogger, waitForCommitted, waitForState } from './harness.js';
import { produce, readAll, scenarioInput, scenarioTopics, scenarioTopology, uninterruptedOutputs } from './processor-state-scenario.js';

const APP = 'processor-state-restart';

describe('operator state across clean restarts (embedded log)', () => {
  let cluster: Cluster;
  const dir = tempDir('processor-state-restart');
  const t = scenarioTopics('ps');
  beforeAll(async () => {
    cluster = embedded({ dir: join(dir.path, 'log'), cleanerIntervalMs: 0 }, { clientId: APP });
    await cluster.connect();
    await createTopics(cluster, [t.events, t.prices, t.orders, ...t.outputs].map((name) => ({ name, partitions: 1 })));
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  const runUntilCaughtUp = async (): Promise<void> => {
    const app = new TributaryStreams(scenarioTopology(t), { applicationId: APP, cluster, stateDir: join(dir.path, 'state'), commitIntervalMs: 100, logger: testLogger });
    let failure: unknown = null;
    app.setUncaughtExceptionHandler((e) => {
      failure = e;
      return 'SHUTDOWN_CLIENT';
    });
    await app.start();
    await waitForState(app, 'RUNNING', 20_000);
    await waitForCommitted(cluster, APP, [t.events, t.prices, t.orders], 20_000);
    expect(await app.close({ timeoutMs: 10_000 })).toBe(true);
    expect(failure).toBeNull();
  };

  it('emit-on-close windows, sliding windows and the join grace buffer produce exactly the uninterrupted run\'s output', { timeout: 60_000 }, async () => {
    const input = scenarioInput();
    const want = uninterruptedOutputs(t, input);
    // Every operator has something to carry over at each cut: open windows, buffered records.
    for (const out of t.outputs) expect(want.get(out)!.length, out).toBeGreaterThan(5);

    // The table first, on its own: an order read before the prices would join with nothing.
    await produce(cluster, t.prices, input.prices);
    await runUntilCaughtUp();
    const cuts = [0, 0.35, 0.7, 1];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const slice = <T>(xs: readonly T[]): T[] => xs.slice(Math.floor(xs.length * cuts[i]!), Math.floor(xs.length * cuts[i + 1]!));
      await produce(cluster, t.events, slice(input.events));
      await produce(cluster, t.orders, slice(input.orders));
      await runUntilCaughtUp();
    }

    for (const out of t.outputs) {
      const expected = want.get(out)!;
      expect.soft(await readAll(cluster, out, expected.length), out).toEqual(expected);
    }
  });
});
