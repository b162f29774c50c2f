import path from 'node:path';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
/** Compaction output still being written: discarded on recovery. */
export const CLEANED_SUFFIX = '.cleaned';
/** Complete compaction output about to replace its segment: finished on recovery. */
export const SWAP_SUFFIX = '.swap';

/** Kafka's 20-digit zero-padded base offset. */
export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

export function segmentPath(dir: string, baseOffset: number, suffix: string): string {
  return path.join(dir, segmentFileName(baseOffset, suffix));
}

/** Base offset of a segment file name with `suffix`, or undefined. */
export function parseSegmentFileName(name: string, suffix: string): number | undefined {
  if (!name.endsWith(suffix)) return undefined;
  const digits = name.slice(0, -suffix.length);
  if (!/^\d{20}$/.test(digits)) return undefined;
  const v = Number(digits);
  return Number.isSafeInteger(v) ? v : undefined;
}
