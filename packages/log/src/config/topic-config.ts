/** Effective configuration of one topic (Kafka's names and units). */
export interface TopicConfig {
  /** ms a segment is kept after its newest record; -1 keeps forever. */
  'retention.ms': number;
  /** Partition size above which old segments are deleted; -1 means no limit. */
  'retention.bytes': number;
  'segment.bytes': number;
  'segment.ms': number;
  'cleanup.policy': CleanupPolicy;
  /** Largest batch (bytes, header included) an append accepts. */
  'max.message.bytes': number;
  'min.compaction.lag.ms': number;
  /** How long compaction keeps tombstones (by the tombstone's timestamp). */
  'delete.retention.ms': number;
  'message.timestamp.type': TimestampType;
  /** 1 (default): ack after fsync, group-committed. >1: ack after write(), fsync every N records. */
  'flush.messages': number;
  /** With flush.messages > 1: also fsync this long after the first unflushed write. */
  'flush.ms': number;
  /** Bytes between offset-index entries. */
  'index.interval.bytes': number;
}

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';
export type TimestampType = 'CreateTime' | 'LogAppendTime';
export type TopicConfigName = keyof TopicConfig;
/** Config changes as the broker receives them (strings) or as code passes them (numbers). */
export type TopicConfigInput = Partial<Record<string, string | number>>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Kafka's Long.MAX_VALUE "never", clamped to what a number holds exactly. */
export const NEVER = Number.MAX_SAFE_INTEGER;

/** Kafka's broker defaults, except flush.messages: Tributary acks after fsync unless told otherwise. */
export const KAFKA_TOPIC_DEFAULTS: Readonly<TopicConfig> = Object.freeze({
  'retention.ms': 7 * DAY_MS,
  'retention.bytes': -1,
  'segment.bytes': 1024 * 1024 * 1024,
  'segment.ms': 7 * DAY_MS,
  'cleanup.policy': 'delete',
  'max.message.bytes': 1048588,
  'min.compaction.lag.ms': 0,
  'delete.retention.ms': DAY_MS,
  'message.timestamp.type': 'CreateTime',
  'flush.messages': 1,
  'flush.ms': NEVER,
  'index.interval.bytes': 4096,
});

/**
 * Kafka topic configs accepted and stored (so CreateTopics from real clients and Streams
 * succeeds) but not acted on by a single-node log.
 */
export const PASSTHROUGH_CONFIGS: ReadonlySet<string> = new Set([
  'compression.type',
  'min.insync.replicas',
  'unclean.leader.election.enable',
  'min.cleanable.dirty.ratio',
  'max.compaction.lag.ms',
  'segment.jitter.ms',
  'segment.index.bytes',
  'preallocate',
  'file.delete.delay.ms',
  'message.downconversion.enable',
  'message.format.version',
  'message.timestamp.difference.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.after.max.ms',
  'leader.replication.throttled.replicas',
  'follower.replication.throttled.replicas',
  'local.retention.ms',
  'local.retention.bytes',
  'remote.storage.enable',
]);
