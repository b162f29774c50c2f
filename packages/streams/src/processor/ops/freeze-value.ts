import { freeze } from 'immer';

/** Aggregation results are frozen so a value forwarded downstream can never be mutated under a store. */
export function freezeValue<V>(value: V): V {
  return value !== null && typeof value === 'object' && !Buffer.isBuffer(value) ? (freeze(value, true) as V) : value;
}
