import { BatchAttributes, BatchOffsets, isBatchCrcValid, LOG_OVERHEAD, readBatchHeader } from '@tributary/protocol';
import { defineHandler, NO_RESPONSE, type RequestContext } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf, errorMessageOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';

interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topicData: Array<{ name: string; partitionData: Array<{ index: number; records: Buffer | null }> }>;
}

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  recordErrors: Array<{ batchIndex: number; batchIndexErrorMessage: string | null }>;
  errorMessage: string | null;
}

const ZSTD = 4;
/** Coordinator state: clients must not write there (Kafka refuses with INVALID_TOPIC_EXCEPTION). */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

/**
 * Appends one batch per partition. Advertised from v0 so librdkafka keeps compressing
 * (KAFKA-18659), served from v3 (magic 2 only). acks=0 gets no response at all.
 */
export const produceHandler = defineHandler<ProduceRequest, unknown>({
  apiKey: 0,
  name: 'Produce',
  advertised: { min: 0, max: 8 },
  served: { min: 3, max: 8 },
  async handle(req, ctx) {
    const acks = req.acks;
    const validAcks = acks === 0 || acks === 1 || acks === -1;
    // Kafka refuses the whole request when it carries transactional batches without a transactional id.
    const refuse = !validAcks
      ? KafkaErrorCode.INVALID_REQUIRED_ACKS
      : req.transactionalId === null && hasTransactionalBatch(req)
        ? KafkaErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
        : 0;
    const responses = await Promise.all(
      req.topicData.map(async (t) => ({
        name: t.name,
        partitionResponses: await Promise.all(
          t.partitionData.map((p) =>
            refuse === 0 ? appendOne(ctx, t.name, p.index, p.records, acks) : failed(p.index, refuse, null),
          ),
        ),
      })),
    );
    if (acks === 0) return NO_RESPONSE;
    return { responses, throttleTimeMs: 0 };
  },
});

async function appendOne(
  ctx: RequestContext,
  topic: string,
  partition: number,
  records: Buffer | null,
  acks: number,
): Promise<PartitionResult> {
  const { broker } = ctx;
  if (INTERNAL_TOPICS.has(topic)) {
    return failed(partition, KafkaErrorCode.INVALID_TOPIC_EXCEPTION, `cannot append to internal topic ${topic}`);
  }
  if (records === null || records.length === 0) {
    return failed(partition, KafkaErrorCode.INVALID_RECORD, 'no record batch');
  }
  if (records.length > broker.config.messageMaxBytes) {
    return failed(partition, KafkaErrorCode.MESSAGE_TOO_LARGE, `batch of ${records.length} bytes exceeds message.max.bytes`);
  }
  let attributes: number;
  try {
    // Header sanity only: the log verifies the CRC as it appends (CORRUPT_MESSAGE via the table).
    const header = readBatchHeader(records, 0);
    if (LOG_OVERHEAD + header.batchLength !== records.length) {
      return failed(partition, KafkaErrorCode.INVALID_RECORD, 'produce requests must carry exactly one record batch');
    }
    attributes = header.attributes;
  } catch (err) {
    return failed(partition, KafkaErrorCode.CORRUPT_MESSAGE, errorMessageOf(err));
  }
  // Kafka checks the CRC before any producer or transaction state; the log's own check comes
  // after the transactional checks, so a corrupted attributes byte would answer a state error.
  if ((attributes & (BatchAttributes.transactional | BatchAttributes.control)) !== 0 && !isBatchCrcValid(records, 0)) {
    return failed(partition, KafkaErrorCode.CORRUPT_MESSAGE, 'batch CRC mismatch');
  }
  if ((attributes & BatchAttributes.compressionMask) === ZSTD && ctx.apiVersion < 7) {
    return failed(partition, KafkaErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd needs Produce v7+');
  }
  try {
    const out = await broker.partitions.append(topic, partition, records, acks);
    return {
      index: partition,
      errorCode: 0,
      baseOffset: out.baseOffset,
      logAppendTimeMs: out.logAppendTimeMs,
      logStartOffset: out.logStartOffset,
      recordErrors: [],
      errorMessage: null,
    };
  } catch (err) {
    const code = kafkaErrorCodeOf(err);
    if (code === KafkaErrorCode.UNKNOWN_SERVER_ERROR) {
      broker.logger.error({ err, topic, partition }, 'produce failed');
    }
    return failed(partition, code, errorMessageOf(err));
  }
}

function hasTransactionalBatch(req: ProduceRequest): boolean {
  for (const t of req.topicData) {
    for (const p of t.partitionData) {
      const r = p.records;
      if (r !== null && r.length >= BatchOffsets.attributes + 2 && (r.readInt16BE(BatchOffsets.attributes) & BatchAttributes.transactional) !== 0) return true;
    }
  }
  return false;
}

function failed(index: number, errorCode: number, errorMessage: string | null): PartitionResult {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage };
}
