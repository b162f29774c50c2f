/** A table replicated in full to every instance; joined from streams by a key selector. */
export class GlobalKTable<K, V> {
  declare readonly __types?: (k: K, v: V) => void;
  /** @internal */
  constructor(readonly storeName: string) {}
  queryableStoreName(): string {
    return this.storeName;
  }
}
