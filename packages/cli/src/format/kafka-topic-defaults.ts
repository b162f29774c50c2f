const LONG_MAX = '9223372036854775807';

/**
 * Apache Kafka's topic-level config defaults (3.9). `topics --describe` lists only configs that
 * differ from these, as kafka-topics does (it filters on the config source, which the Cluster
 * interface does not report).
 */
export const KAFKA_TOPIC_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'compression.gzip.level': '-1',
  'compression.lz4.level': '9',
  'compression.zstd.level': '3',
  'delete.retention.ms': '86400000',
  'file.delete.delay.ms': '60000',
  'flush.messages': LONG_MAX,
  'flush.ms': LONG_MAX,
  'follower.replication.throttled.replicas': '',
  'index.interval.bytes': '4096',
  'leader.replication.throttled.replicas': '',
  'local.retention.bytes': '-2',
  'local.retention.ms': '-2',
  'max.compaction.lag.ms': LONG_MAX,
  'max.message.bytes': '1048588',
  'message.downconversion.enable': 'true',
  'message.format.version': '3.0-IV1',
  'message.timestamp.after.max.ms': LONG_MAX,
  'message.timestamp.before.max.ms': LONG_MAX,
  'message.timestamp.difference.max.ms': LONG_MAX,
  'message.timestamp.type': 'CreateTime',
  'min.cleanable.dirty.ratio': '0.5',
  'min.compaction.lag.ms': '0',
  'min.insync.replicas': '1',
  'preallocate': 'false',
  'remote.log.copy.disable': 'false',
  'remote.log.delete.on.disable': 'false',
  'remote.storage.enable': 'false',
  'retention.bytes': '-1',
  'retention.ms': '604800000',
  'segment.bytes': '1073741824',
  'segment.index.bytes': '10485760',
  'segment.jitter.ms': '0',
  'segment.ms': '604800000',
  'unclean.leader.election.enable': 'false',
};

/** JavaScript's largest safe integer stands in for Java's Long.MAX_VALUE ("never"). */
function normalise(value: string): string {
  return /^\d{16,}$/.test(value) && Number(value) >= Number.MAX_SAFE_INTEGER ? LONG_MAX : value;
}

/** The configs whose value differs from Kafka's default (unknown names always count). */
export function nonDefaultConfigs(configs: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(configs)) {
    const def = KAFKA_TOPIC_CONFIG_DEFAULTS[k];
    if (def === undefined || normalise(v) !== def) out[k] = v;
  }
  return out;
}
