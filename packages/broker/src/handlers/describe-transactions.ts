import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { groupPartitionsByTopic } from './transaction-states.js';

interface DescribeTransactionsRequest {
  transactionalIds: string[];
}

/**
 * `kafka-transactions.sh describe`: per id, Kafka's error codes (INVALID_REQUEST for an empty id,
 * TRANSACTIONAL_ID_NOT_FOUND for unknown or Dead ids, COORDINATOR_NOT_AVAILABLE without a
 * coordinator); failed entries keep the other fields at the schema's zero values, as Kafka does.
 */
export const describeTransactionsHandler = defineHandler<DescribeTransactionsRequest, unknown>({
  apiKey: 65,
  name: 'DescribeTransactions',
  advertised: { min: 0, max: 0 },
  handle(req, ctx) {
    const describe = ctx.broker.txns?.describe?.bind(ctx.broker.txns);
    const failed = (transactionalId: string, errorCode: number) => ({
      errorCode, transactionalId, transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: 0, producerId: 0, producerEpoch: 0, topics: [],
    });
    const transactionStates = req.transactionalIds.map((id) => {
      if (describe === undefined) return failed(id, KafkaErrorCode.COORDINATOR_NOT_AVAILABLE);
      if (id === '') return failed(id, KafkaErrorCode.INVALID_REQUEST);
      const t = describe(id);
      if (t === undefined || t.state === 'Dead') return failed(id, KafkaErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
      return {
        errorCode: 0,
        transactionalId: id,
        transactionState: t.state,
        transactionTimeoutMs: t.timeoutMs,
        transactionStartTimeMs: t.txnStartTimestamp,
        producerId: t.producerId,
        producerEpoch: t.producerEpoch,
        topics: groupPartitionsByTopic(t.partitions),
      };
    });
    return { throttleTimeMs: 0, transactionStates };
  },
});
