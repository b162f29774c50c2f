export * from './errors.js';
export { ManualScheduler, systemScheduler } from './scheduler.js';
export type { Scheduler, TimerHandle } from './scheduler.js';
export { InMemoryInternalLog, coordinatorPartitionFor } from './internal-log.js';
export type { InternalLog, InternalRecord, PartitionMarkerWriter } from './internal-log.js';

export { PartitionProducerState, BATCHES_TO_RETAIN, incrementSequence } from './producer-state/producer-state.js';
export type { AppendVerdict, ControlMarkerKind, ProducerBatchHeader, ScannedBatch } from './producer-state/producer-state.js';
export type { AbortedTransaction } from './producer-state/transaction-index.js';

export { GroupCoordinator } from './groups/group-coordinator.js';
export type { GroupCoordinatorOptions } from './groups/group-coordinator.js';
export { OFFSETS_TOPIC } from './groups/offsets-codec.js';
export type * from './groups/types.js';

export { TransactionCoordinator } from './transactions/transaction-coordinator.js';
export type { TransactionCoordinatorOptions } from './transactions/transaction-coordinator.js';
export type * from './transactions/types.js';
export type { TxnState } from './transactions/transaction-metadata.js';
export { TRANSACTION_STATE_TOPIC } from './transactions/txn-log-codec.js';
