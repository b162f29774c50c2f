import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { CliBroker } from './eos-broker.js';
import { kafkaEosChaosScenario } from './eos-kafka-scenario.js';

describe("exactly_once_v2 under kill -9 on Tributary's broker (kafka adapter: one transactional producer per task)", () => {
  it('read_committed output and the store equal the oracle after seeded kills, one between sendOffsets and commit', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eos-broker-'));
    const broker = new CliBroker(join(root, 'data'));
    try {
      await broker.start();
      await kafkaEosChaosScenario(broker.bootstrap, 'eosb', 20261124);
    } finally {
      await broker.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 100_000);
});
