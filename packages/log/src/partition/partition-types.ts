import type { TopicConfig } from '../config/topic-config.js';
import type { LogLogger } from '../logger.js';
import type { Storage } from '../storage/storage.js';

export type Acks = 'none' | 'leader' | 'durable';

export interface AppendOptions {
  /**
   * When the promise resolves: 'none' once offsets are assigned, 'leader' once written to the
   * page cache, 'durable' once fsynced. Default: 'durable' unless flush.messages > 1.
   */
  acks?: Acks;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  /** The stamped time for LogAppendTime topics, else -1. */
  logAppendTime: number;
  logStartOffset: number;
}

export interface ReadOptions {
  /** Byte budget; the first batch is returned whole even when larger. Default 1 MiB. */
  maxBytes?: number;
}

export interface ReadResult {
  /** Whole batches, concatenated, starting with the one holding the offset; maybe empty. */
  batches: Buffer;
  highWatermark: number;
  logStartOffset: number;
}

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

export interface ListOffsetResult {
  /** -1 when no record has a timestamp at or after the one asked for. */
  offset: number;
  timestamp: number;
}

export interface SegmentInfo {
  baseOffset: number;
  nextOffset: number;
  sizeBytes: number;
  maxTimestamp: number;
  active: boolean;
}

export interface PartitionInfo {
  partition: number;
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
  sizeBytes: number;
}

/** What a partition needs from its topic and log. */
export interface PartitionContext {
  storage: Storage;
  logger: LogLogger;
  now(): number;
  config(): TopicConfig;
  /** Throws when the log is closed. */
  checkOpen(): void;
}
