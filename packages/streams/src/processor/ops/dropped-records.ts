import type { ProcessorContext } from '../processor-context.js';
import type { Record } from '../record.js';

/** Why a windowed or join operator dropped a record. */
export type DropReason = 'late' | 'null-key' | 'null-value';

export interface DroppedRecordEvent {
  readonly applicationId: string;
  readonly taskId: string;
  readonly processorName: string;
  readonly reason: DropReason;
  readonly key: unknown;
  readonly value: unknown;
  /** Timestamp of the record the operator dropped. */
  readonly timestamp: number;
  /** Where the input record being processed came from; null outside input processing (punctuation, cache flush). */
  readonly topic: string | null;
  readonly partition: number | null;
  readonly offset: number | null;
}

export type DroppedRecordListener = (event: DroppedRecordEvent) => void;

const listeners = new Set<DroppedRecordListener>();
const counts = new Map<string, number>();

/**
 * Counts records dropped by operators (Kafka's `dropped-records` sensor). Every running
 * TributaryStreams subscribes (and unsubscribes on close) to meter its own application's drops and
 * hand them to its `droppedRecordsHandler`; listeners must filter by `applicationId`.
 */
export const DroppedRecords = {
  addListener(listener: DroppedRecordListener): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  /** Dropped records so far for an application (and optionally one task, written `0_0`). */
  count(applicationId: string, taskId?: string): number {
    if (taskId !== undefined) return counts.get(`${applicationId}\u0000${taskId}`) ?? 0;
    let n = 0;
    for (const [k, v] of counts) if (k.startsWith(`${applicationId}\u0000`)) n += v;
    return n;
  },
  reset(applicationId: string): void {
    for (const k of [...counts.keys()]) if (k.startsWith(`${applicationId}\u0000`)) counts.delete(k);
  },
};

export function recordDropped(ctx: ProcessorContext<unknown, unknown>, record: Record<unknown, unknown>, reason: DropReason): void {
  const taskId = `${ctx.taskId.subtopology}_${ctx.taskId.partition}`;
  const k = `${ctx.applicationId}\u0000${taskId}`;
  counts.set(k, (counts.get(k) ?? 0) + 1);
  if (listeners.size === 0) return;
  const meta = ctx.recordMetadata();
  const event: DroppedRecordEvent = {
    applicationId: ctx.applicationId,
    taskId,
    processorName: (ctx as { name?: string }).name ?? '',
    reason,
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    topic: meta?.topic ?? null,
    partition: meta?.partition ?? null,
    offset: meta?.offset ?? null,
  };
  for (const l of listeners) l(event);
}
