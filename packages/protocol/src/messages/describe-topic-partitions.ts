// DescribeTopicPartitions (API key 75, KIP-966): field facts and version ranges as in Apache Kafka 3.9
// (checked against kafka-clients 3.9.2's DescribeTopicPartitions*Data schemas).
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const describeTopicPartitionsRequestSchema = defineMessage({
  name: 'DescribeTopicPartitionsRequest',
  apiKey: 75,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'topics', type: '[]struct', versions: '0+', fields: [
      { name: 'name', type: 'string', versions: '0+' },
    ] },
    { name: 'responsePartitionLimit', type: 'int32', versions: '0+', default: 2000 },
    { name: 'cursor', type: 'struct', versions: '0+', nullableVersions: '0+', default: null, fields: [
      { name: 'topicName', type: 'string', versions: '0+' },
      { name: 'partitionIndex', type: 'int32', versions: '0+' },
    ] },
  ],
});
export type DescribeTopicPartitionsRequest = MessageData<typeof describeTopicPartitionsRequestSchema>;

export const describeTopicPartitionsResponseSchema = defineMessage({
  name: 'DescribeTopicPartitionsResponse',
  apiKey: 75,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'topics', type: '[]struct', versions: '0+', fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'name', type: 'string', versions: '0+', nullableVersions: '0+' },
      { name: 'topicId', type: 'uuid', versions: '0+' },
      { name: 'isInternal', type: 'bool', versions: '0+', default: false },
      { name: 'partitions', type: '[]struct', versions: '0+', fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'partitionIndex', type: 'int32', versions: '0+' },
        { name: 'leaderId', type: 'int32', versions: '0+' },
        { name: 'leaderEpoch', type: 'int32', versions: '0+', default: -1 },
        { name: 'replicaNodes', type: '[]int32', versions: '0+' },
        { name: 'isrNodes', type: '[]int32', versions: '0+' },
        { name: 'eligibleLeaderReplicas', type: '[]int32', versions: '0+', nullableVersions: '0+', default: null },
        { name: 'lastKnownElr', type: '[]int32', versions: '0+', nullableVersions: '0+', default: null },
        { name: 'offlineReplicas', type: '[]int32', versions: '0+' },
      ] },
      { name: 'topicAuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
    ] },
    { name: 'nextCursor', type: 'struct', versions: '0+', nullableVersions: '0+', default: null, fields: [
      { name: 'topicName', type: 'string', versions: '0+' },
      { name: 'partitionIndex', type: 'int32', versions: '0+' },
    ] },
  ],
});
export type DescribeTopicPartitionsResponse = MessageData<typeof describeTopicPartitionsResponseSchema>;
