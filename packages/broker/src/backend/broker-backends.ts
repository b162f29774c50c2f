import type { GroupPort } from './group-port.js';
import type { TxnPort } from './txn-port.js';
import type { PartitionBackend, TopicBackend } from './broker-backend.js';

/** The storage/coordination services one broker runs on, and how to release them. */
export interface BrokerBackends {
  topics: TopicBackend;
  partitions: PartitionBackend;
  groups?: GroupPort;
  txns?: TxnPort;
  /** Called as shutdown begins: release held requests (parked JoinGroup/SyncGroup) so they answer. */
  stopWaiting?(): void;
  close?(): Promise<void>;
}
