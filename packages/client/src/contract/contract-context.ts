import type { Cluster } from '../cluster.js';
import type { Consumer, ConsumerOptions, FetchedBatch } from '../consumer/consumer.js';
import type { ConsumedRecord } from '../records/record.js';

/** Builds the adapter under test; the suite connects and disconnects what it gets. */
export type ClusterFactory = (options: { readonly clientId: string }) => Promise<Cluster>;

/** What every contract section gets: the cluster (once `beforeAll` ran) and helpers. */
export interface ContractContext {
  cluster(): Cluster;
  /** A name no other run or test uses (topics and groups live on a shared broker). */
  unique(prefix: string): string;
}

/** Short group timings keep rebalances quick (Kafka's minimum session timeout is 6 s). */
export const FAST_GROUP: Pick<ConsumerOptions, 'sessionTimeoutMs' | 'rebalanceTimeoutMs' | 'heartbeatIntervalMs' | 'maxWaitMs'> = {
  sessionTimeoutMs: 6_000,
  rebalanceTimeoutMs: 10_000,
  heartbeatIntervalMs: 300,
  maxWaitMs: 100,
};

export interface PolledRecord extends ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
}

/** Polls until `done(all records so far)` holds, failing with `what` after `timeoutMs`. */
export async function pollUntil(
  consumer: Consumer,
  done: (records: readonly PolledRecord[], batches: readonly FetchedBatch[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<PolledRecord[]> {
  const records: PolledRecord[] = [];
  const batches: FetchedBatch[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(records, batches)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (got ${records.length} records)`);
    for (const batch of await consumer.poll(200)) {
      batches.push(batch);
      for (const r of batch.records) records.push({ ...r, topic: batch.topic, partition: batch.partition });
    }
  }
  return records;
}

/** Repeats `check` until it returns true; never a fixed sleep. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const text = (value: Buffer | null): string | null => (value === null ? null : value.toString('utf8'));
