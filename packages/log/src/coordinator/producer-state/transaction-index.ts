/** An aborted transaction on one partition: its data spans [firstOffset, lastOffset], lastOffset = ABORT marker. */
export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

/**
 * Per-partition transaction bookkeeping for read_committed: the first offset of every open
 * transaction (which bounds the last stable offset) and the index of aborted ranges.
 */
export class PartitionTransactionIndex {
  private readonly open = new Map<number, number>();
  // Appended in marker order, so sorted by lastOffset.
  private aborted: AbortedTransaction[] = [];

  /** Records that `producerId` has transactional data starting at `offset` (no-op if already open). */
  begin(producerId: number, offset: number): void {
    if (!this.open.has(producerId)) this.open.set(producerId, offset);
  }

  /** Closes the producer's transaction at its marker offset; aborts enter the aborted index. */
  complete(producerId: number, kind: 'commit' | 'abort', markerOffset: number): void {
    const first = this.open.get(producerId) ?? markerOffset;
    this.open.delete(producerId);
    if (kind === 'abort') this.aborted.push({ producerId, firstOffset: first, lastOffset: markerOffset });
  }

  /** First offset of the producer's open transaction on this partition, if any. */
  openFirstOffset(producerId: number): number | undefined {
    return this.open.get(producerId);
  }

  /** LSO: the first offset of the earliest open transaction, else the high watermark. */
  lastStableOffset(highWatermark: number): number {
    let lso = highWatermark;
    for (const first of this.open.values()) if (first < lso) lso = first;
    return lso;
  }

  /**
   * Aborted transactions a read_committed fetch from `fetchOffset` returning data below
   * `upperBound` must report (Kafka's collectAbortedTxns: lastOffset >= fetchOffset && firstOffset < upperBound).
   */
  abortedTransactions(fetchOffset: number, upperBound: number): { producerId: number; firstOffset: number }[] {
    const out: { producerId: number; firstOffset: number }[] = [];
    for (let i = this.firstEndingAtOrAfter(fetchOffset); i < this.aborted.length; i++) {
      const t = this.aborted[i]!;
      if (t.firstOffset < upperBound) out.push({ producerId: t.producerId, firstOffset: t.firstOffset });
    }
    return out;
  }

  /** Forgets aborted ranges that ended before the new log start offset (retention / DeleteRecords). */
  truncateBefore(logStartOffset: number): void {
    const i = this.firstEndingAtOrAfter(logStartOffset);
    if (i > 0) this.aborted = this.aborted.slice(i);
  }

  private firstEndingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.aborted[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
