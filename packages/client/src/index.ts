export type { Cluster, ClusterCapabilities } from './cluster.js';
export type {
  Admin,
  CommittedOffset,
  CreateTopicsOptions,
  DeleteRecordsRequest,
  GroupDescription,
  GroupListing,
  GroupMemberDescription,
  IsolationLevel,
  ListedOffset,
  ListOffsetsRequest,
  NewTopic,
  OffsetSpec,
  PartitionInfo,
  TopicConfigs,
  TopicDescription,
} from './admin/admin.js';
export type {
  Compression,
  ConsumerGroupMetadata,
  Producer,
  ProducerOptions,
  RecordSender,
  SendResult,
  TopicRecords,
  Transaction,
} from './producer/producer.js';
export type { Consumer, ConsumerOptions, FetchedBatch, RebalanceListener } from './consumer/consumer.js';
export type { AssignmentInput, Assignor, MemberAssignment, MemberSubscription } from './consumer/assignor.js';
export { roundRobinAssignor } from './consumer/round-robin-assignor.js';
export type { ConsumedRecord, ProducerRecord, RecordHeader } from './records/record.js';
export type { TopicPartition, TopicPartitionOffset } from './records/topic-partition.js';
export { murmur2, murmur2Partition } from './partitioner/murmur2.js';
export { defaultPartitioner, type Partitioner } from './partitioner/partitioner.js';
export { silentLogger, type Logger } from './logger.js';
export {
  BrokerError,
  ClusterConnectionError,
  ClusterTimeoutError,
  CommitFailedError,
  FencedProducerError,
  GroupNotEmptyError,
  IllegalClientStateError,
  InvalidArgumentError,
  InvalidPartitionsError,
  InvalidTxnStateError,
  OffsetOutOfRangeError,
  RebalanceInProgressError,
  RecordTooLargeError,
  TopicExistsError,
  UnknownTopicError,
  UnsupportedFeatureError,
} from './errors/client-errors.js';
export { kafka, type KafkaClusterConfig } from './kafka/kafka-cluster.js';
export { embedded, type EmbeddedClusterOptions, type EmbeddedTarget } from './embedded/index.js';
export { clusterFromUrl, parseClusterUrl, DEFAULT_EMBEDDED_DIR, type ClusterFromUrlOptions, type ClusterUrl } from './cluster-url.js';
