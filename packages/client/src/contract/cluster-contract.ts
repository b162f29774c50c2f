import { afterAll, beforeAll, describe } from 'vitest';
import type { Cluster } from '../cluster.js';
import { capabilitiesContract } from './capabilities-contract.js';
import type { ClusterFactory, ContractContext } from './contract-context.js';
import { groupsContract } from './groups-contract.js';
import { produceConsumeContract } from './produce-consume-contract.js';
import { topicsContract } from './topics-contract.js';
import { transactionsContract } from './transactions-contract.js';

export type { ClusterFactory, ContractContext } from './contract-context.js';

/**
 * The behaviour every Cluster adapter must show, run against a live cluster. Topic and group
 * names are unique per run, so a shared broker is fine.
 */
export function describeClusterContract(name: string, factory: ClusterFactory): void {
  describe(`Cluster contract: ${name}`, () => {
    let cluster: Cluster | undefined;
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    let counter = 0;
    const ctx: ContractContext = {
      cluster: () => {
        if (cluster === undefined) throw new Error('cluster factory has not run (beforeAll failed?)');
        return cluster;
      },
      unique: (prefix) => `${prefix}-${run}-${++counter}`,
    };

    beforeAll(async () => {
      cluster = await factory({ clientId: `contract-${run}` });
      await cluster.connect();
    });
    afterAll(async () => {
      await cluster?.disconnect();
    });

    topicsContract(ctx);
    produceConsumeContract(ctx);
    groupsContract(ctx);
    transactionsContract(ctx);
    capabilitiesContract(ctx);
  });
}
