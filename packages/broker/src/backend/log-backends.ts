import { LogNode } from '@tributary/log';
import type { BrokerConfig } from '../config/broker-config.js';
import type { Logger } from '../logging/logger.js';
import type { BrokerBackends } from './broker-backends.js';
import { LogPartitionBackend, LogTopicBackend } from './log-topic-backend.js';

/**
 * Opens @tributary/log at log.dirs (or in memory) as a LogNode — the log plus its group and
 * transaction coordinators — with the broker's topic, group and transaction settings.
 */
export async function openLogBackends(config: BrokerConfig, logger: Logger): Promise<BrokerBackends> {
  const node = await LogNode.open({
    ...(config.logDir === null ? { inMemory: true } : { dir: config.logDir }),
    defaults: {
      'retention.ms': config.logRetentionMs,
      'segment.bytes': config.logSegmentBytes,
      'max.message.bytes': config.messageMaxBytes,
    },
    logger,
    groupConfig: {
      offsetsTopicPartitions: config.offsetsTopicNumPartitions,
      minSessionTimeoutMs: config.groupMinSessionTimeoutMs,
      maxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
      initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
      offsetsRetentionMs: config.offsetsRetentionMinutes * 60_000,
    },
    txnConfig: {
      transactionMaxTimeoutMs: config.transactionMaxTimeoutMs,
      abortTimedOutTransactionsIntervalMs: config.transactionAbortTimedOutTransactionCleanupIntervalMs,
      transactionStateTopicPartitions: config.transactionStateLogNumPartitions,
    },
  });
  return backendsOverNode(node);
}

/** Serves a LogNode (embedded use, tests); `close()` closes the node (and the log it owns). */
export function backendsOverNode(node: LogNode): BrokerBackends {
  return {
    topics: new LogTopicBackend(node.log),
    partitions: new LogPartitionBackend(node),
    groups: node.groups,
    txns: node.transactions,
    stopWaiting() {
      // Held JoinGroup/SyncGroup calls fail with COORDINATOR_NOT_AVAILABLE so shutdown can finish.
      node.groups.close();
      node.transactions.close();
    },
    close: () => node.close(),
  };
}
