/** Kafka API key → name, for readable fixture listings (from the protocol's message definitions). */
export const API_NAMES: Readonly<Record<number, string>> = {
  0: 'Produce', 1: 'Fetch', 2: 'ListOffsets', 3: 'Metadata', 8: 'OffsetCommit', 9: 'OffsetFetch',
  10: 'FindCoordinator', 11: 'JoinGroup', 12: 'Heartbeat', 13: 'LeaveGroup', 14: 'SyncGroup',
  15: 'DescribeGroups', 16: 'ListGroups', 17: 'SaslHandshake', 18: 'ApiVersions', 19: 'CreateTopics',
  20: 'DeleteTopics', 21: 'DeleteRecords', 22: 'InitProducerId', 23: 'OffsetForLeaderEpoch',
  24: 'AddPartitionsToTxn', 25: 'AddOffsetsToTxn', 26: 'EndTxn', 27: 'WriteTxnMarkers',
  28: 'TxnOffsetCommit', 29: 'DescribeAcls', 30: 'CreateAcls', 31: 'DeleteAcls', 32: 'DescribeConfigs',
  33: 'AlterConfigs', 35: 'DescribeLogDirs', 36: 'SaslAuthenticate', 37: 'CreatePartitions',
  42: 'DeleteGroups', 44: 'IncrementalAlterConfigs', 45: 'AlterPartitionReassignments',
  46: 'ListPartitionReassignments', 47: 'OffsetDelete', 48: 'DescribeClientQuotas',
  50: 'DescribeUserScramCredentials', 60: 'DescribeCluster', 61: 'DescribeProducers',
  65: 'DescribeTransactions', 66: 'ListTransactions', 67: 'AllocateProducerIds', 68: 'ConsumerGroupHeartbeat', 69: 'ConsumerGroupDescribe',
  71: 'GetTelemetrySubscriptions', 72: 'PushTelemetry', 75: 'DescribeTopicPartitions',
};

export function apiName(apiKey: number): string {
  return API_NAMES[apiKey] ?? `Api${apiKey}`;
}
