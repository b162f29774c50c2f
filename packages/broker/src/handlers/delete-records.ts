import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface DeleteRecordsRequest {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; offset: number }> }>;
}

/** Moves the log start offset; offset -1 means "up to the high watermark". */
export const deleteRecordsHandler = defineHandler<DeleteRecordsRequest, unknown>({
  apiKey: 21,
  name: 'DeleteRecords',
  advertised: { min: 0, max: 1 },
  async handle(req, ctx) {
    const topics = [];
    for (const t of req.topics) {
      const partitions = [];
      for (const p of t.partitions) {
        try {
          let before = p.offset;
          if (before === -1) before = (await ctx.broker.partitions.offsets(t.name, p.partitionIndex)).highWatermark;
          const lowWatermark = await ctx.broker.partitions.deleteRecords(t.name, p.partitionIndex, before);
          partitions.push({ partitionIndex: p.partitionIndex, lowWatermark, errorCode: 0 });
        } catch (err) {
          partitions.push({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: kafkaErrorCodeOf(err) });
        }
      }
      topics.push({ name: t.name, partitions });
    }
    return { throttleTimeMs: 0, topics };
  },
});
