import { CliUsageError } from '../errors/cli-usage-error.js';

/** Where `groups --reset-offsets` moves a group's position. */
export type ResetStrategy =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'shift'; readonly by: number };

/** One partition's known offsets, the inputs of a reset. */
export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly earliest: number;
  readonly latest: number;
  /** The group's committed offset, null when none. */
  readonly current: number | null;
}

/**
 * The new offset for a partition. Like Kafka, targets outside [earliest, latest] are clamped to
 * the nearest end, and shifting a partition without a committed offset starts from earliest.
 */
export function resetTarget(strategy: ResetStrategy, p: PartitionOffsets): number {
  let target: number;
  switch (strategy.kind) {
    case 'earliest':
      target = p.earliest;
      break;
    case 'latest':
      target = p.latest;
      break;
    case 'offset':
      target = strategy.offset;
      break;
    case 'shift':
      target = (p.current ?? p.earliest) + strategy.by;
      break;
  }
  return Math.min(Math.max(target, p.earliest), p.latest);
}

/** `topic` or `topic:0,2` (Kafka's --topic syntax for reset-offsets). */
export function parseTopicPartitions(value: string): { topic: string; partitions: number[] | null } {
  const colon = value.lastIndexOf(':');
  if (colon === -1) return { topic: value, partitions: null };
  const topic = value.slice(0, colon);
  const list = value.slice(colon + 1).split(',').map((s) => s.trim());
  if (topic === '' || list.some((s) => !/^\d+$/.test(s))) {
    throw new CliUsageError(`--topic expects topic or topic:partition[,partition], got "${value}"`);
  }
  return { topic, partitions: list.map(Number) };
}
