/** The transaction coordinator as the handlers call it: structurally the log's TransactionCoordinator. */
export interface TxnProducer {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** false below the API version that introduced PRODUCER_FENCED (INVALID_PRODUCER_EPOCH instead). */
  producerFencedSupported?: boolean;
}

export interface TxnPort {
  initProducerId(req: {
    transactionalId: string | null;
    transactionTimeoutMs: number;
    producerId?: number;
    producerEpoch?: number;
    producerFencedSupported?: boolean;
  }): Promise<{ producerId: number; producerEpoch: number }>;
  addPartitionsToTxn(
    req: TxnProducer & { topics: readonly { name: string; partitions: readonly number[] }[] },
  ): Promise<Array<{ name: string; partitions: Array<{ partitionIndex: number; error: string }> }>>;
  addOffsetsToTxn(req: TxnProducer & { groupId: string }): Promise<void>;
  endTxn(req: TxnProducer & { committed: boolean }): Promise<void>;
}
