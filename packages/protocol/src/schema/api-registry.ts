import {
  produceRequestSchema,
  produceResponseSchema,
  fetchRequestSchema,
  fetchResponseSchema,
  listOffsetsRequestSchema,
  listOffsetsResponseSchema,
  metadataRequestSchema,
  metadataResponseSchema,
  offsetCommitRequestSchema,
  offsetCommitResponseSchema,
  offsetFetchRequestSchema,
  offsetFetchResponseSchema,
  findCoordinatorRequestSchema,
  findCoordinatorResponseSchema,
  joinGroupRequestSchema,
  joinGroupResponseSchema,
  heartbeatRequestSchema,
  heartbeatResponseSchema,
  leaveGroupRequestSchema,
  leaveGroupResponseSchema,
  syncGroupRequestSchema,
  syncGroupResponseSchema,
  describeGroupsRequestSchema,
  describeGroupsResponseSchema,
  listGroupsRequestSchema,
  listGroupsResponseSchema,
  saslHandshakeRequestSchema,
  saslHandshakeResponseSchema,
  apiVersionsRequestSchema,
  apiVersionsResponseSchema,
  createTopicsRequestSchema,
  createTopicsResponseSchema,
  deleteTopicsRequestSchema,
  deleteTopicsResponseSchema,
  deleteRecordsRequestSchema,
  deleteRecordsResponseSchema,
  initProducerIdRequestSchema,
  initProducerIdResponseSchema,
  offsetForLeaderEpochRequestSchema,
  offsetForLeaderEpochResponseSchema,
  addPartitionsToTxnRequestSchema,
  addPartitionsToTxnResponseSchema,
  addOffsetsToTxnRequestSchema,
  addOffsetsToTxnResponseSchema,
  endTxnRequestSchema,
  endTxnResponseSchema,
  txnOffsetCommitRequestSchema,
  txnOffsetCommitResponseSchema,
  describeConfigsRequestSchema,
  describeConfigsResponseSchema,
  alterConfigsRequestSchema,
  alterConfigsResponseSchema,
  saslAuthenticateRequestSchema,
  saslAuthenticateResponseSchema,
  createPartitionsRequestSchema,
  createPartitionsResponseSchema,
  deleteGroupsRequestSchema,
  deleteGroupsResponseSchema,
  incrementalAlterConfigsRequestSchema,
  incrementalAlterConfigsResponseSchema,
  offsetDeleteRequestSchema,
  offsetDeleteResponseSchema,
  describeClusterRequestSchema,
  describeClusterResponseSchema,
  describeProducersRequestSchema,
  describeProducersResponseSchema,
  describeTransactionsRequestSchema,
  describeTransactionsResponseSchema,
  listTransactionsRequestSchema,
  listTransactionsResponseSchema,
  describeTopicPartitionsRequestSchema,
  describeTopicPartitionsResponseSchema,
} from '../messages/index.js';
import { isFlexibleVersion } from './message-codec.js';
import type { MessageData, MessageSchema } from './schema-types.js';
import { parseVersionRange } from './version-range.js';

/** Kafka API keys by name. */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  TxnOffsetCommit: 28,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  DeleteGroups: 42,
  IncrementalAlterConfigs: 44,
  OffsetDelete: 47,
  DescribeCluster: 60,
  DescribeProducers: 61,
  DescribeTransactions: 65,
  ListTransactions: 66,
  DescribeTopicPartitions: 75,
} as const;

/** Request and response schema of every API we carry, by API key. */
const schemaPairs = {
  0: [produceRequestSchema, produceResponseSchema],
  1: [fetchRequestSchema, fetchResponseSchema],
  2: [listOffsetsRequestSchema, listOffsetsResponseSchema],
  3: [metadataRequestSchema, metadataResponseSchema],
  8: [offsetCommitRequestSchema, offsetCommitResponseSchema],
  9: [offsetFetchRequestSchema, offsetFetchResponseSchema],
  10: [findCoordinatorRequestSchema, findCoordinatorResponseSchema],
  11: [joinGroupRequestSchema, joinGroupResponseSchema],
  12: [heartbeatRequestSchema, heartbeatResponseSchema],
  13: [leaveGroupRequestSchema, leaveGroupResponseSchema],
  14: [syncGroupRequestSchema, syncGroupResponseSchema],
  15: [describeGroupsRequestSchema, describeGroupsResponseSchema],
  16: [listGroupsRequestSchema, listGroupsResponseSchema],
  17: [saslHandshakeRequestSchema, saslHandshakeResponseSchema],
  18: [apiVersionsRequestSchema, apiVersionsResponseSchema],
  19: [createTopicsRequestSchema, createTopicsResponseSchema],
  20: [deleteTopicsRequestSchema, deleteTopicsResponseSchema],
  21: [deleteRecordsRequestSchema, deleteRecordsResponseSchema],
  22: [initProducerIdRequestSchema, initProducerIdResponseSchema],
  23: [offsetForLeaderEpochRequestSchema, offsetForLeaderEpochResponseSchema],
  24: [addPartitionsToTxnRequestSchema, addPartitionsToTxnResponseSchema],
  25: [addOffsetsToTxnRequestSchema, addOffsetsToTxnResponseSchema],
  26: [endTxnRequestSchema, endTxnResponseSchema],
  28: [txnOffsetCommitRequestSchema, txnOffsetCommitResponseSchema],
  32: [describeConfigsRequestSchema, describeConfigsResponseSchema],
  33: [alterConfigsRequestSchema, alterConfigsResponseSchema],
  36: [saslAuthenticateRequestSchema, saslAuthenticateResponseSchema],
  37: [createPartitionsRequestSchema, createPartitionsResponseSchema],
  42: [deleteGroupsRequestSchema, deleteGroupsResponseSchema],
  44: [incrementalAlterConfigsRequestSchema, incrementalAlterConfigsResponseSchema],
  47: [offsetDeleteRequestSchema, offsetDeleteResponseSchema],
  60: [describeClusterRequestSchema, describeClusterResponseSchema],
  61: [describeProducersRequestSchema, describeProducersResponseSchema],
  65: [describeTransactionsRequestSchema, describeTransactionsResponseSchema],
  66: [listTransactionsRequestSchema, listTransactionsResponseSchema],
  75: [describeTopicPartitionsRequestSchema, describeTopicPartitionsResponseSchema],
} as const satisfies Record<number, readonly [MessageSchema, MessageSchema]>;

export type ApiKeyNumber = keyof typeof schemaPairs;

/** Typed request body of each API key, e.g. `ApiRequestMap[0]` is `ProduceRequest`. */
export type ApiRequestMap = { [K in ApiKeyNumber]: MessageData<(typeof schemaPairs)[K][0]> };
export type ApiResponseMap = { [K in ApiKeyNumber]: MessageData<(typeof schemaPairs)[K][1]> };

export interface ApiSchemaEntry {
  readonly apiKey: number;
  /** Kafka's API name, e.g. `Produce`. */
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible (KIP-482) version, or null when no version is flexible. */
  readonly flexibleFrom: number | null;
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

function entry(apiKey: number, request: MessageSchema, response: MessageSchema): ApiSchemaEntry {
  const { min, max } = parseVersionRange(request.validVersions);
  const flex = parseVersionRange(request.flexibleVersions);
  return {
    apiKey,
    name: request.name.replace(/Request$/, ''),
    minVersion: min,
    maxVersion: max,
    flexibleFrom: flex.min <= flex.max ? flex.min : null,
    request,
    response,
  };
}

/** Every API with a schema, keyed by API key: the broker advertises (a subset of) these ranges. */
export const apiSchemas: Readonly<Record<number, ApiSchemaEntry>> = Object.freeze(
  Object.fromEntries(
    Object.entries(schemaPairs).map(([key, [req, res]]) => [Number(key), Object.freeze(entry(Number(key), req, res))]),
  ),
);

export function isApiKeyNumber(apiKey: number): apiKey is ApiKeyNumber {
  return Object.hasOwn(schemaPairs, apiKey);
}

/** Whether `apiKey` at `apiVersion` uses flexible encodings (false for unknown keys). */
export function isFlexibleApiVersion(apiKey: number, apiVersion: number): boolean {
  const api = apiSchemas[apiKey];
  return api !== undefined && isFlexibleVersion(api.request, apiVersion);
}
