export {
  RECORD_BATCH_OVERHEAD,
  LOG_OVERHEAD,
  BatchAttributes,
  BatchOffsets,
  readBatchHeader,
  batchSizeAt,
  isBatchCrcValid,
  assertValidBatch,
  setBaseOffset,
  setPartitionLeaderEpoch,
  setLogAppendTime,
  type RecordBatchHeader,
} from './batch-header.js';
export { iterateBatches, type BatchLocation } from './batch-iterator.js';
export type { RecordHeader, RecordInput, EncodeBatchOptions, DecodedRecord, DecodedRecordBatch } from './record-types.js';
export { encodeRecordBatch } from './record-batch-encoder.js';
export { decodeRecordBatch } from './record-batch-decoder.js';
export {
  ControlRecordType,
  encodeControlBatch,
  readControlRecordType,
  readControlCoordinatorEpoch,
  type ControlBatchOptions,
} from './control-records.js';
