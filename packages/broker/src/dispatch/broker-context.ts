import type { PartitionBackend, TopicBackend } from '../backend/broker-backend.js';
import type { BrokerConfig } from '../config/broker-config.js';
import type { Logger } from '../logging/logger.js';
import type { GroupPort } from '../backend/group-port.js';
import type { TxnPort } from '../backend/txn-port.js';

export interface AdvertisedApi {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** Everything a handler may use, shared by all connections of one broker. */
export interface BrokerContext {
  readonly config: BrokerConfig;
  readonly logger: Logger;
  readonly topics: TopicBackend;
  readonly partitions: PartitionBackend;
  /** The group coordinator (group APIs are only served when present). */
  readonly groups: GroupPort | undefined;
  /** The transaction coordinator (transaction APIs are only served when present). */
  readonly txns: TxnPort | undefined;
  /** host/port clients should connect to (the real port once listening). */
  advertised(): { host: string; port: number };
  /** The APIs this broker answers, with the versions it advertises. */
  advertisedApis(): readonly AdvertisedApi[];
}
