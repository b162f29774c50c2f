import type { LogPartition } from '../partition/log-partition.js';

/**
 * Deletes whole segments from the oldest while each is below the log start offset, older than
 * retention.ms (by its newest timestamp) or beyond retention.bytes; never the active one.
 * Returns the number of segments deleted.
 */
export function enforceRetention(partition: LogPartition, now: number): Promise<number> {
  return partition.exclusive(async () => {
    const cfg = partition.config;
    const deletes = cfg['cleanup.policy'] !== 'compact';
    const retentionMs = cfg['retention.ms'];
    const retentionBytes = cfg['retention.bytes'];
    let remaining = 0;
    for (const s of partition.segments) remaining += s.size;
    return partition.deleteOldestSegments((seg) => {
      const newest = seg.maxTimestamp >= 0 ? seg.maxTimestamp : seg.createdAt;
      const eligible =
        seg.nextOffset <= partition.logStartOffset ||
        (deletes && retentionMs >= 0 && now - newest > retentionMs) ||
        (deletes && retentionBytes >= 0 && remaining - seg.size >= retentionBytes);
      if (eligible) remaining -= seg.size;
      return eligible;
    });
  });
}
