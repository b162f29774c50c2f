import type { KafkaErrorName } from '../errors.js';
import type { TxnState } from './transaction-metadata.js';

/** How the transaction coordinator resolves a transaction's offsets on the group coordinator. */
export interface TxnOffsetsPort {
  completeTransaction(groupId: string, producerId: number, commit: boolean): Promise<void>;
}

export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** v3+ (KIP-360): the caller's current id/epoch, -1/-1 when it has none. */
  producerId?: number;
  producerEpoch?: number;
  /** false for versions that predate PRODUCER_FENCED (InitProducerId < v4): INVALID_PRODUCER_EPOCH instead. */
  producerFencedSupported?: boolean;
}

export interface TxnProducerRef {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** false for AddPartitions/AddOffsets/EndTxn < v2: a stale epoch answers INVALID_PRODUCER_EPOCH. */
  producerFencedSupported?: boolean;
}

export interface AddPartitionsToTxnRequest extends TxnProducerRef {
  topics: readonly { name: string; partitions: readonly number[] }[];
}

export interface EndTxnRequest extends TxnProducerRef {
  committed: boolean;
}

export interface TransactionDescription {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  state: TxnState;
  timeoutMs: number;
  txnStartTimestamp: number;
  partitions: { topic: string; partition: number }[];
  groups: string[];
}

export interface AddPartitionsResult {
  name: string;
  partitions: { partitionIndex: number; error: KafkaErrorName }[];
}
