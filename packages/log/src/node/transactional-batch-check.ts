import { InvalidProducerEpochError, InvalidTxnStateError } from '../coordinator/errors.js';
import type { TransactionCoordinator } from '../coordinator/transactions/transaction-coordinator.js';

/**
 * Server-side check that a transactional batch belongs to an ongoing transaction which added the
 * partition (Kafka ≥ 3.6, KIP-890 part 1): a fenced or confused producer cannot slip data into a
 * partition whose markers would never be written. Synchronous, so it runs in the same step as
 * the append's offset assignment.
 */
export class TransactionalBatchCheck {
  /** producerId → transactionalId, refreshed from the coordinator on a miss. */
  private owners = new Map<number, string>();

  constructor(private readonly txns: TransactionCoordinator) {}

  check(topic: string, partition: number, producerId: number, producerEpoch: number): void {
    let txn = this.lookup(producerId);
    if (txn === undefined) {
      this.refresh();
      txn = this.lookup(producerId);
    }
    if (txn === undefined) throw new InvalidTxnStateError(`producer ${producerId} has no transaction on this node`);
    if (producerEpoch < txn.producerEpoch) {
      throw new InvalidProducerEpochError(`producer ${producerId}: epoch ${producerEpoch} is fenced by ${txn.producerEpoch}`);
    }
    if (producerEpoch > txn.producerEpoch || txn.state !== 'Ongoing') {
      throw new InvalidTxnStateError(`producer ${producerId} epoch ${producerEpoch} has no ongoing transaction (${txn.state})`);
    }
    if (!txn.partitions.some((p) => p.topic === topic && p.partition === partition)) {
      throw new InvalidTxnStateError(`${topic}-${partition} was not added to the transaction of producer ${producerId}`);
    }
  }

  private lookup(producerId: number): ReturnType<TransactionCoordinator['describe']> {
    const id = this.owners.get(producerId);
    const txn = id === undefined ? undefined : this.txns.describe(id);
    return txn?.producerId === producerId ? txn : undefined;
  }

  private refresh(): void {
    const owners = new Map<number, string>();
    for (const t of this.txns.listTransactions()) owners.set(t.producerId, t.transactionalId);
    this.owners = owners;
  }
}
