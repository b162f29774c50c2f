/**
 * Transaction states (Kafka's TransactionState). PrepareEpochFence exists for parity: a single node
 * fences by persisting PrepareAbort with the bumped epoch directly, so it is never stored.
 */
export type TxnState =
  | 'Empty'
  | 'Ongoing'
  | 'PrepareCommit'
  | 'PrepareAbort'
  | 'CompleteCommit'
  | 'CompleteAbort'
  | 'PrepareEpochFence'
  | 'Dead';

export interface TransactionMetadata {
  transactionalId: string;
  producerId: number;
  /** Previous producer id after an exhausted epoch rotated it, else -1. */
  lastProducerId: number;
  producerEpoch: number;
  /** Epoch before the last KIP-360 bump (lets a retried InitProducerId get the same answer), else -1. */
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** topic → partitions in the current transaction. */
  partitions: Map<string, Set<number>>;
  /** Groups whose offsets the transaction carries (AddOffsetsToTxn). */
  groups: Set<string>;
  txnStartTimestamp: number;
  lastUpdateTimestamp: number;
}

/** Kafka's TransactionMetadata.isEpochExhausted: the last epoch is kept for fencing. */
export function isEpochExhausted(epoch: number): boolean {
  return epoch >= 32767 - 1;
}

export function isPrepare(state: TxnState): boolean {
  return state === 'PrepareCommit' || state === 'PrepareAbort' || state === 'PrepareEpochFence';
}

export function cloneMetadata(m: TransactionMetadata): TransactionMetadata {
  return {
    ...m,
    partitions: new Map([...m.partitions].map(([t, ps]) => [t, new Set(ps)])),
    groups: new Set(m.groups),
  };
}
