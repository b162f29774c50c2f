import { iterateBatches } from '@tributary/protocol';
import type { LogPartition } from '../partition/log-partition.js';

export type IsolationLevel = 'read_uncommitted' | 'read_committed';

export interface NodeFetchOptions {
  /** Byte budget; the first batch is returned whole even when larger. Default 1 MiB. */
  maxBytes?: number;
  /** Default 'read_uncommitted'. */
  isolation?: IsolationLevel;
}

export interface NodeFetchResult {
  /** Stored batches exactly as written (control batches included), starting with the one holding the offset. */
  batches: Buffer;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** read_committed only (else null): aborted transactions overlapping the returned data, by first offset. */
  abortedTransactions: { producerId: number; firstOffset: number }[] | null;
}

/** A Fetch of one partition: read_committed stops at the last stable offset and lists aborted ranges. */
export async function fetchPartition(p: LogPartition, offset: number, opts: NodeFetchOptions = {}): Promise<NodeFetchResult> {
  const committed = opts.isolation === 'read_committed';
  const r = await p.read(offset, opts.maxBytes === undefined ? undefined : { maxBytes: opts.maxBytes });
  const lso = p.lastStableOffset;
  if (!committed) {
    return { batches: r.batches, highWatermark: r.highWatermark, lastStableOffset: lso, logStartOffset: r.logStartOffset, abortedTransactions: null };
  }
  let end = 0;
  let upper = offset;
  // Transactions start and end on batch boundaries, so whole batches below the LSO are stable.
  for (const { pos, size, header } of iterateBatches(r.batches)) {
    if (header.baseOffset >= lso) break;
    end = pos + size;
    upper = header.baseOffset + header.lastOffsetDelta + 1;
  }
  const batches = end === r.batches.length ? r.batches : r.batches.subarray(0, end);
  const aborted = end === 0 ? [] : p.abortedTransactions(offset, upper);
  return { batches, highWatermark: r.highWatermark, lastStableOffset: lso, logStartOffset: r.logStartOffset, abortedTransactions: aborted };
}

/**
 * Long poll: resolves true once data past `offset` is visible at the isolation level, false on
 * timeout or abort. read_committed re-checks the LSO on every append (markers are appends).
 */
export async function waitForVisibleData(
  p: LogPartition,
  offset: number,
  timeoutMs: number,
  isolation: IsolationLevel,
  signal?: AbortSignal,
): Promise<boolean> {
  if (isolation === 'read_uncommitted') return p.waitForData(offset, timeoutMs, signal);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.lastStableOffset > offset) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0 || signal?.aborted === true) return false;
    // Wakes on the next append of any kind.
    if (!(await p.waitForData(Math.max(offset, p.highWatermark), remaining, signal))) return p.lastStableOffset > offset;
  }
}
