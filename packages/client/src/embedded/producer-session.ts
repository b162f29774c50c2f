import { incrementSequence } from '@tributary/log';
import type { LogNode } from '@tributary/log';
import type { Acks } from '@tributary/log';
import type { CompressionType, RecordInput } from '@tributary/protocol';
import { RecordTooLargeError } from '../errors/client-errors.js';
import type { SendResult } from '../producer/producer.js';
import { partitionKey } from '../records/topic-partition.js';
import { batchRuns } from './batch-runs.js';
import { toClientError } from './embedded-errors.js';
import { encodeBatch } from './partition-batches.js';
import type { PartitionRecords } from './partition-batches.js';

/** A producer id/epoch and the next sequence per partition (idempotent and transactional producers). */
export interface ProducerSession {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly sequences: Map<string, number>;
}

export interface SendSettings {
  readonly acks: Acks;
  readonly compression: CompressionType;
  readonly transactional: boolean;
  /** Bound of one batch's uncompressed size; the topic's max.message.bytes caps it. */
  readonly batchSizeBytes: number;
}

/** One partition's share of a send, encoded: batches in order, each with its base sequence. */
interface PlannedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly batches: Buffer[];
  readonly sequences: number[];
  /** The partition's next sequence once every batch is written (-1 without a session). */
  next: number;
}

/**
 * Writes each partition's records as batches of at most `batchSizeBytes` (and never above the
 * topic's max.message.bytes). Everything is encoded before anything is written, so a record too
 * large for any batch fails the whole send with `RecordTooLargeError` and nothing changes. Then
 * every batch is handed to the node synchronously and in order (its checks and sequence
 * bookkeeping run at call time), so concurrent sends keep their order. A rejected batch left no
 * state on the node, so the partition's sequence goes back to that batch's base sequence (the
 * batches before it were written: the send failed part-way, as a Kafka produce can).
 */
export function sendPartitions(
  node: LogNode,
  parts: readonly PartitionRecords[],
  session: ProducerSession | null,
  settings: SendSettings,
): Promise<SendResult[]> {
  let planned: PlannedPartition[];
  try {
    planned = planPartitions(node, parts, session, settings);
  } catch (error) {
    return Promise.reject(toClientError(error, 'send'));
  }
  if (session !== null) for (const p of planned) session.sequences.set(p.key, p.next);
  const acks = { acks: settings.acks };
  return Promise.all(
    planned.map((p) => {
      const writes = new Array<Promise<{ baseOffset: number }>>(p.batches.length);
      for (let i = 0; i < p.batches.length; i++) writes[i] = node.produce(p.topic, p.partition, p.batches[i]!, acks);
      if (writes.length === 1) {
        return writes[0]!.then(
          (r): SendResult => ({ topic: p.topic, partition: p.partition, baseOffset: r.baseOffset }),
          (error: unknown) => failed(session, p, 0, error),
        );
      }
      return Promise.allSettled(writes).then((settled): SendResult => {
        const first = settled.findIndex((s) => s.status === 'rejected');
        if (first >= 0) failed(session, p, first, (settled[first] as PromiseRejectedResult).reason);
        return { topic: p.topic, partition: p.partition, baseOffset: (settled[0] as PromiseFulfilledResult<{ baseOffset: number }>).value.baseOffset };
      });
    }),
  );
}

function failed(session: ProducerSession | null, p: PlannedPartition, batch: number, error: unknown): never {
  if (session !== null && session.sequences.get(p.key) === p.next) session.sequences.set(p.key, p.sequences[batch]!);
  throw toClientError(error, 'send');
}

/** Encodes every partition's batches; throws (leaving the session untouched) when a record cannot fit. */
function planPartitions(
  node: LogNode,
  parts: readonly PartitionRecords[],
  session: ProducerSession | null,
  settings: SendSettings,
): PlannedPartition[] {
  const maxMessageBytes = new Map<string, number>();
  const out: PlannedPartition[] = [];
  for (const part of parts) {
    let max = maxMessageBytes.get(part.topic);
    if (max === undefined) {
      max = node.log.describeTopic(part.topic).configs['max.message.bytes'];
      maxMessageBytes.set(part.topic, max);
    }
    const key = partitionKey(part.topic, part.partition);
    const plan: PlannedPartition = {
      topic: part.topic,
      partition: part.partition,
      key,
      batches: [],
      sequences: [],
      next: session === null ? -1 : (session.sequences.get(key) ?? 0),
    };
    const records = part.records;
    const limit = Math.min(settings.batchSizeBytes, max);
    const ends = batchRuns(records, limit, (index, bytes) => {
      // Compression may still bring a lone big record under the limit; encoding tells.
      if (settings.compression === 'none' && bytes > max) throw tooLarge(part, index, bytes, max);
    });
    if (ends.length === 1) {
      encodeRun(plan, records, session, settings, max, part);
    } else {
      let start = 0;
      for (const end of ends) {
        encodeRun(plan, records.slice(start, end), session, settings, max, part);
        start = end;
      }
    }
    out.push(plan);
  }
  return out;
}

/** Encodes one run; a compressed batch that still exceeds max.message.bytes is halved until it fits. */
function encodeRun(
  plan: PlannedPartition,
  records: readonly RecordInput[],
  session: ProducerSession | null,
  settings: SendSettings,
  max: number,
  part: PartitionRecords,
): void {
  const base = plan.next;
  const batch = encodeBatch(records, settings.compression, {
    producerId: session?.producerId ?? -1,
    producerEpoch: session?.producerEpoch ?? -1,
    baseSequence: base,
    transactional: settings.transactional,
  });
  if (batch.length > max) {
    if (records.length === 1) throw tooLarge(part, part.records.indexOf(records[0]!), batch.length, max);
    const half = records.length >>> 1;
    encodeRun(plan, records.slice(0, half), session, settings, max, part);
    encodeRun(plan, records.slice(half), session, settings, max, part);
    return;
  }
  plan.batches.push(batch);
  plan.sequences.push(base);
  if (session !== null) plan.next = incrementSequence(base, records.length);
}

function tooLarge(part: PartitionRecords, index: number, bytes: number, max: number): RecordTooLargeError {
  return new RecordTooLargeError(
    `send: record ${index} for ${part.topic}-${part.partition} needs a batch of ${bytes} bytes, above max.message.bytes ${max}`,
  );
}
