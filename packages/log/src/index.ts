export { Log } from './log.js';
export type { LogOptions, CreateTopicOptions, TopicDescription } from './log.js';
export { LogPartition } from './partition/log-partition.js';
export type {
  Acks, AppendOptions, AppendResult, ReadOptions, ReadResult, OffsetSpec, ListOffsetResult, PartitionInfo, SegmentInfo,
} from './partition/partition-types.js';
export type { CompactionStats } from './cleaner/compactor.js';
export { KAFKA_TOPIC_DEFAULTS, NEVER } from './config/topic-config.js';
export type { TopicConfig, TopicConfigName, TopicConfigInput, CleanupPolicy, TimestampType } from './config/topic-config.js';
export { assertValidTopicName, isInternalTopic } from './config/topic-name.js';
export type { LogLogger } from './logger.js';
export {
  UnknownTopicError, InvalidTopicError, TopicExistsError, InvalidPartitionsError, RecordTooLargeError,
  OffsetOutOfRangeError, InvalidConfigError, LogClosedError, StorageError,
} from './errors/log-errors.js';
export { CorruptRecordError } from '@tributary/protocol';
export * from './coordinator/index.js';
export * from './node/index.js';
