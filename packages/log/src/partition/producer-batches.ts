import { BatchAttributes, CorruptRecordError, decodeRecordBatch, iterateBatches, readControlRecordType } from '@tributary/protocol';
import type { RecordBatchHeader } from '@tributary/protocol';
import type { ControlMarkerKind, PartitionProducerState, ScannedBatch } from '../coordinator/producer-state/producer-state.js';

/** The marker kind of the control batch at `pos` (undefined for control records that are not markers). */
function controlKindAt(buf: Buffer, pos: number): ControlMarkerKind | undefined {
  const record = decodeRecordBatch(buf, pos).records[0];
  const kind = record === undefined ? 'unknown' : readControlRecordType(record);
  return kind === 'unknown' ? undefined : kind;
}

/**
 * Runs an append's batches through the partition's producer state, `baseOffset` being the offset
 * the first batch gets. Returns the original base offset when the batch is a retried duplicate
 * (nothing recorded then), else undefined. Throws OutOfOrderSequenceError, InvalidProducerEpochError
 * or CorruptRecordError (an idempotent batch must be appended alone, as Produce v3+ sends it).
 */
export function checkProducerBatch(
  state: PartitionProducerState,
  batches: Buffer,
  headers: RecordBatchHeader[],
  baseOffset: number,
): number | undefined {
  let idempotent = false;
  for (const h of headers) if (h.producerId >= 0) idempotent = true;
  if (!idempotent) return undefined;
  if (headers.length !== 1) {
    throw new CorruptRecordError(`an idempotent or transactional append must hold exactly one batch, got ${headers.length}`);
  }
  const header = headers[0]!;
  let kind: ControlMarkerKind | undefined;
  if ((header.attributes & BatchAttributes.control) !== 0) {
    kind = controlKindAt(batches, 0);
    if (kind === undefined) throw new CorruptRecordError('a control batch from a producer must be a COMMIT or ABORT marker');
  }
  const verdict = state.checkAndRecord({ ...header, baseOffset }, kind);
  return verdict === 'append' ? undefined : verdict.duplicateOf;
}

/** Replays the retained batch headers [from, to) into a fresh producer state (recovery). */
export async function rebuildProducerState(
  state: PartitionProducerState,
  from: number,
  to: number,
  read: (offset: number) => Promise<{ batches: Buffer }>,
): Promise<void> {
  let offset = from;
  while (offset < to) {
    const { batches } = await read(offset);
    if (batches.length === 0) return;
    const scanned: ScannedBatch[] = [];
    let next = offset;
    for (const { pos, header } of iterateBatches(batches)) {
      next = header.baseOffset + header.lastOffsetDelta + 1;
      if (header.producerId < 0) continue;
      const control = (header.attributes & BatchAttributes.control) !== 0;
      const kind = control ? controlKindAt(batches, pos) : undefined;
      if (control && kind === undefined) continue;
      scanned.push(kind === undefined ? { header } : { header, controlKind: kind });
    }
    state.rebuildFromBatches(scanned);
    if (next <= offset) return;
    offset = next;
  }
}
