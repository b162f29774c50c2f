import { defineHandler } from '../dispatch/api-handler.js';
import { errorMessageOf, kafkaErrorCodeOf } from '../errors/error-codes.js';

interface DescribeProducersRequest {
  topics: Array<{ name: string; partitionIndexes: number[] }>;
}

/**
 * The producers with idempotence/transaction state on each requested partition (what
 * `kafka-transactions.sh describe-producers` prints). Errors are per partition, as in Kafka.
 */
export const describeProducersHandler = defineHandler<DescribeProducersRequest, unknown>({
  apiKey: 61,
  name: 'DescribeProducers',
  advertised: { min: 0, max: 0 },
  async handle(req, ctx) {
    const describe = ctx.broker.partitions.describeProducers?.bind(ctx.broker.partitions);
    const topics = [];
    for (const t of req.topics) {
      const partitions = [];
      for (const partitionIndex of t.partitionIndexes) {
        try {
          const activeProducers = describe === undefined ? [] : await describe(t.name, partitionIndex);
          partitions.push({ partitionIndex, errorCode: 0, errorMessage: null, activeProducers });
        } catch (err) {
          partitions.push({ partitionIndex, errorCode: kafkaErrorCodeOf(err), errorMessage: errorMessageOf(err), activeProducers: [] });
        }
      }
      topics.push({ name: t.name, partitions });
    }
    return { throttleTimeMs: 0, topics };
  },
});
