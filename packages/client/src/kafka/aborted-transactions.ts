/** A fetched record as kafkajs 2.2.4 decodes it (the fields this filter reads). */
export interface KafkajsFetchedRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly isControlRecord: boolean;
  readonly batchContext: KafkajsBatchContext;
}

export interface KafkajsBatchContext {
  readonly firstOffset: string;
  readonly lastOffsetDelta: number;
  readonly producerId: string;
  readonly inTransaction: boolean;
}

export interface AbortedTransaction {
  readonly producerId: string;
  readonly firstOffset: string;
}

/**
 * Java's read_committed filter (Fetcher: a priority queue of the fetch's aborted transactions by
 * first offset; before each batch, every one starting at or before the batch's last offset marks
 * its producer aborted; an ABORT marker clears it), applied to kafkajs's decoded records.
 *
 * kafkajs's own filter (consumer/filterAbortedMessages.js) marks at most one aborted transaction
 * per record and assumes the list is sorted, so when two aborted transactions both began before
 * the fetched range — two producers' transactions interleave in a partition whenever a crash
 * aborts several at once — the first record of the second one is delivered as committed. Here
 * records of aborted transactions become control records (kafkajs skips them and still moves its
 * position past them) and kept transactional records are flagged `inTransaction: false`, which
 * leaves kafkajs's filter nothing to decide.
 */
export function settleAbortedTransactions<R extends KafkajsFetchedRecord>(records: readonly R[], aborted: readonly AbortedTransaction[] | null | undefined): R[] {
  if (aborted === null || aborted === undefined || aborted.length === 0) return [...records];
  const queue = [...aborted].sort((a, b) => compare(BigInt(a.firstOffset), BigInt(b.firstOffset)));
  const abortedProducers = new Set<string>();
  const kept = new Map<KafkajsBatchContext, KafkajsBatchContext>();
  let next = 0;
  const out: R[] = [];
  for (const r of records) {
    const ctx = r.batchContext;
    const batchLast = BigInt(ctx.firstOffset) + BigInt(ctx.lastOffsetDelta);
    while (next < queue.length && BigInt(queue[next]!.firstOffset) <= batchLast) abortedProducers.add(queue[next++]!.producerId);
    if (r.isControlRecord) {
      if (isAbortMarker(r.key)) abortedProducers.delete(ctx.producerId);
      out.push(r);
    } else if (ctx.inTransaction && abortedProducers.has(ctx.producerId)) {
      out.push({ ...r, key: null, value: null, isControlRecord: true });
    } else if (ctx.inTransaction) {
      let settled = kept.get(ctx);
      if (settled === undefined) kept.set(ctx, (settled = { ...ctx, inTransaction: false }));
      out.push({ ...r, batchContext: settled });
    } else {
      out.push(r);
    }
  }
  return out;
}

/** A control record's key is version (int16) then type (int16): 0 is ABORT, 1 is COMMIT. */
function isAbortMarker(key: Buffer | null): boolean {
  return key !== null && key.length >= 4 && key.readInt16BE(2) === 0;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
