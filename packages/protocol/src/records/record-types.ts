import type { CompressionType } from '../compression/compression-type.js';
import type { RecordBatchHeader } from './batch-header.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface RecordInput {
  key: Buffer | null;
  value: Buffer | null;
  /** Create time in ms; defaults to the time of encoding. */
  timestamp?: number;
  headers?: RecordHeader[];
}

export interface EncodeBatchOptions {
  baseOffset?: number;
  /** Defaults to -1 (unknown), as producers send it. */
  partitionLeaderEpoch?: number;
  compression?: CompressionType;
  /** 'logAppend' sets attribute bit 3; maxTimestamp is then the largest record timestamp. */
  timestampType?: 'create' | 'logAppend';
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  control?: boolean;
  /** Default: the first record's timestamp (or Date.now()). */
  baseTimestamp?: number;
}

export interface DecodedRecord {
  offset: number;
  /** Create time, or the batch's maxTimestamp for LogAppendTime batches (as Kafka reports it). */
  timestamp: number;
  /** Views into the batch (or its decompressed records): copy before mutating the source buffer. */
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface DecodedRecordBatch {
  header: RecordBatchHeader;
  records: DecodedRecord[];
}
