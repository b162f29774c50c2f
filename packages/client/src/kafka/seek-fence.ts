/**
 * Tells whether a batch kafkajs filtered to nothing (only control records or aborted records,
 * which it resolves itself without calling eachBatch) may have been fetched before our last seek
 * of its partition. eachBatch gets `isStale()` for that; the instrumentation event we learn such
 * batches from does not, so the fence keeps the same knowledge from what it can see:
 *
 * - kafkajs runs one fetcher per broker, looping fetch → hand every batch to the worker and wait
 *   until all are processed → fetch again; a seek is applied at the start of the next fetch. So
 *   once every broker that was fetching when we sought has started another fetch
 *   (`FETCH_START`), no batch from before the seek is left.
 * - Earlier, a filtered batch spanning [first, last] with `first <= seekOffset <= last + 1` is
 *   safe whatever fetch it came from: everything from the seek offset to `last` is skipped by
 *   read_committed anyway (this is what accepts the first batch after a seek in the common case).
 */
export class SeekFence {
  private readonly fetchStarts = new Map<number, number>();
  private readonly pending = new Map<string, { readonly offset: number; readonly starts: ReadonlyMap<number, number> }>();

  /** kafkajs began a fetch from `nodeId` (applying pending seeks of its partitions). */
  fetchStarted(nodeId: number): void {
    this.fetchStarts.set(nodeId, (this.fetchStarts.get(nodeId) ?? 0) + 1);
  }

  sought(key: string, offset: number): void {
    this.pending.set(key, { offset, starts: new Map(this.fetchStarts) });
  }

  /** eachBatch saw a batch of `key` that kafkajs did not call stale: the seek is applied. */
  applied(key: string): void {
    this.pending.delete(key);
  }

  /** Whether a filtered batch of `key` covering offsets `first..last` may be reported. */
  admits(key: string, first: number, last: number): boolean {
    const p = this.pending.get(key);
    if (p === undefined) return true;
    let fresh = true;
    for (const [node, count] of p.starts) if ((this.fetchStarts.get(node) ?? 0) <= count) fresh = false;
    if (fresh) this.pending.delete(key);
    return fresh || (first <= p.offset && p.offset <= last + 1);
  }

  /** A rebalance restarts kafkajs's fetchers and the caller seeks again: old seeks no longer matter. */
  clear(): void {
    this.pending.clear();
  }
}
