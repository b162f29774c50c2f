import type { TxnDescription } from '../backend/txn-port.js';

/** Kafka's TransactionState names; ListTransactions state filters are matched against these, case-sensitively. */
export const KAFKA_TXN_STATES: ReadonlySet<string> = new Set([
  'Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead', 'PrepareEpochFence',
]);

export interface TxnListFilters {
  /** Kafka state names; empty = every state. */
  stateFilters: readonly string[];
  /** Empty = every producer id. */
  producerIdFilters: readonly number[];
  /** Only transactions running longer than this many ms; < 0 = no filter (ListTransactions v0). */
  durationFilterMs: number;
}

export interface TxnListing {
  /** State filters that name no Kafka state (reported back, as Kafka's UnknownStateFilters). */
  unknownStateFilters: string[];
  transactions: TxnDescription[];
}

/**
 * Kafka's TransactionStateManager.listTransactionStates: Dead ids never show; a non-empty state
 * filter that names only unknown states matches nothing; the duration filter keeps transactions
 * whose start lies strictly more than `durationFilterMs` before `nowMs`.
 */
export function selectTransactions(all: readonly TxnDescription[], filters: TxnListFilters, nowMs: number): TxnListing {
  const unknownStateFilters = filters.stateFilters.filter((s) => !KAFKA_TXN_STATES.has(s));
  const states = new Set(filters.stateFilters);
  const producerIds = new Set(filters.producerIdFilters);
  const transactions = all.filter((t) =>
    t.state !== 'Dead'
    && (producerIds.size === 0 || producerIds.has(t.producerId))
    && (states.size === 0 || states.has(t.state))
    && (filters.durationFilterMs < 0 || nowMs - t.txnStartTimestamp > filters.durationFilterMs));
  return { unknownStateFilters, transactions };
}

/** DescribeTransactions' TopicPartitions: the transaction's partitions grouped by topic, sorted. */
export function groupPartitionsByTopic(partitions: TxnDescription['partitions']): Array<{ topic: string; partitions: number[] }> {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) {
    const list = byTopic.get(topic);
    if (list === undefined) byTopic.set(topic, [partition]);
    else list.push(partition);
  }
  return [...byTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topic, ps]) => ({ topic, partitions: ps.sort((x, y) => x - y) }));
}
