import { produce, type Draft } from 'immer';

export type Initializer<VA> = () => VA;
export type Aggregator<K, V, VA> = (key: K, value: V, aggregate: VA) => VA;
export type Reducer<V> = (aggregate: V, value: V) => V;

/**
 * An aggregator written as an immer recipe: mutate the draft aggregate, get a new immutable one
 * (structurally shared with the old; the old value forwarded downstream is never mutated).
 */
export function produceAggregator<K, V, VA>(recipe: (draft: Draft<VA>, value: V, key: K) => void | VA): Aggregator<K, V, VA> {
  return (key, value, aggregate) => produce(aggregate, (draft: Draft<VA>) => recipe(draft, value, key) as never) as VA;
}
