export { LogNode } from './log-node.js';
export type { LogNodeOptions, NodeGroupConfig, NodeTxnConfig, ProduceOptions } from './log-node.js';
export type { IsolationLevel, NodeFetchOptions, NodeFetchResult } from './node-fetch.js';
