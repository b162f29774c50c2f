import { formatTable } from './table.js';

/** One row of `groups --describe`: a partition the group has offsets for or is assigned. */
export interface GroupOffsetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** null when the group has not committed an offset for the partition. */
  readonly currentOffset: number | null;
  readonly logEndOffset: number | null;
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
}

/** Log end minus committed offset; unknown ("-") when either side is unknown, like Kafka. */
export function lagOf(row: Pick<GroupOffsetRow, 'currentOffset' | 'logEndOffset'>): number | null {
  if (row.currentOffset === null || row.logEndOffset === null) return null;
  return Math.max(0, row.logEndOffset - row.currentOffset);
}

const dash = (v: number | string | null): string => (v === null || v === '' ? '-' : String(v));

/** The table kafka-consumer-groups --describe prints, rows sorted by topic then partition. */
export function formatGroupOffsets(rows: readonly GroupOffsetRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return formatTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
    sorted.map((r) => [
      r.group,
      r.topic,
      String(r.partition),
      dash(r.currentOffset),
      dash(r.logEndOffset),
      dash(lagOf(r)),
      dash(r.consumerId),
      dash(r.host),
      dash(r.clientId),
    ]),
  );
}

/** One planned offset of `groups --reset-offsets`. */
export interface OffsetResetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly newOffset: number;
}

export function formatOffsetReset(rows: readonly OffsetResetRow[]): string {
  return formatTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'],
    rows.map((r) => [r.group, r.topic, String(r.partition), String(r.newOffset)]),
  );
}
