import bloomFilters from 'bloom-filters';

const { BloomFilter } = bloomFilters;

/**
 * Distinct visitors of a window, counted through a Bloom filter from `bloom-filters`: a visitor
 * counts when the filter does not hold them yet, so the count is exact except for false
 * positives (at most `FALSE_POSITIVE_RATE` of repeat checks, and never an overcount). The filter
 * has a fixed size whatever the traffic and travels as JSON in the window store.
 * (The library's HyperLogLog would be smaller, but in bloom-filters 3.0.4 it estimates about half
 * the true count at these cardinalities and costs ~250 µs per update.)
 */
export interface VisitorSketch {
  readonly visitors: number;
  /** `BloomFilter.saveAsJSON()`; null while empty. */
  readonly filter: unknown;
}

/**
 * Visitors are split over this many sketches by a hash of the user id: every user lands in one
 * shard, so the shards' counts add up to the distinct count, no single key gets every click, and
 * each changelogged sketch stays around a kilobyte.
 */
export const SKETCH_SHARDS = 8;
/** Per shard and minute; beyond it the false-positive rate (and the undercount) grows. */
export const SKETCH_CAPACITY = 400;
export const FALSE_POSITIVE_RATE = 0.001;

export const EMPTY_SKETCH: VisitorSketch = { visitors: 0, filter: null };

export function addVisitor(sketch: VisitorSketch, userId: string): VisitorSketch {
  const filter = sketch.filter === null ? BloomFilter.create(SKETCH_CAPACITY, FALSE_POSITIVE_RATE) : BloomFilter.fromJSON(sketch.filter as never);
  if (filter.has(userId)) return sketch;
  filter.add(userId);
  return { visitors: sketch.visitors + 1, filter: filter.saveAsJSON() };
}

/** FNV-1a of the user id, modulo the shard count. */
export function sketchShard(userId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 0x01000193) >>> 0;
  return h % SKETCH_SHARDS;
}
