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
  /** Current state of one transactional id, undefined when the coordinator has none. */
  describe?(transactionalId: string): TxnDescription | undefined;
  /** Every transactional id the coordinator holds. */
  listTransactions?(): TxnDescription[];
}

/** What ListTransactions/DescribeTransactions report; `state` uses Kafka's state names. */
export interface TxnDescription {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  state: string;
  timeoutMs: number;
  /** -1 when no transaction has started. */
  txnStartTimestamp: number;
  partitions: readonly { topic: string; partition: number }[];
}
