import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { selectTransactions } from './transaction-states.js';

interface ListTransactionsRequest {
  stateFilters: string[];
  producerIdFilters: number[];
  durationFilter: number;
}

/** What `kafka-transactions.sh list` asks every broker: the transactions its coordinator holds. */
export const listTransactionsHandler = defineHandler<ListTransactionsRequest, unknown>({
  apiKey: 66,
  name: 'ListTransactions',
  advertised: { min: 0, max: 1 },
  handle(req, ctx) {
    const list = ctx.broker.txns?.listTransactions?.bind(ctx.broker.txns);
    if (list === undefined) {
      return { throttleTimeMs: 0, errorCode: KafkaErrorCode.COORDINATOR_NOT_AVAILABLE, unknownStateFilters: [], transactionStates: [] };
    }
    const { unknownStateFilters, transactions } = selectTransactions(
      list(),
      { stateFilters: req.stateFilters, producerIdFilters: req.producerIdFilters, durationFilterMs: ctx.apiVersion >= 1 ? req.durationFilter : -1 },
      Date.now(),
    );
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      unknownStateFilters,
      transactionStates: transactions.map((t) => ({ transactionalId: t.transactionalId, producerId: t.producerId, transactionState: t.state })),
    };
  },
});
