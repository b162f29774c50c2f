import type { Serde } from '../serdes/serde.js';
import type { WindowBytesStoreSupplier } from '../state/window/window-store-supplier.js';

/** Serdes, processor base name and store base name for a stream-stream join. */
export class StreamJoined<K, V1, V2> {
  private constructor(
    readonly keySerde?: Serde<K>,
    readonly valueSerde?: Serde<V1>,
    readonly otherValueSerde?: Serde<V2>,
    readonly name?: string,
    readonly storeName?: string,
    readonly loggingEnabled: boolean = true,
    /** Window stores for the two sides (Kafka's withThisStoreSupplier / withOtherStoreSupplier). */
    readonly thisStoreSupplier?: WindowBytesStoreSupplier,
    readonly otherStoreSupplier?: WindowBytesStoreSupplier,
  ) {}
  static with<K, V1, V2>(keySerde: Serde<K>, valueSerde: Serde<V1>, otherValueSerde: Serde<V2>): StreamJoined<K, V1, V2> {
    return new StreamJoined(keySerde, valueSerde, otherValueSerde);
  }
  static as<K, V1, V2>(storeName: string): StreamJoined<K, V1, V2> {
    return new StreamJoined<K, V1, V2>(undefined, undefined, undefined, undefined, storeName);
  }
  /** Names the processors (`<name>-join-this`, ...) and the repartition topics (`<name>-left/right-repartition`). */
  withName(name: string): StreamJoined<K, V1, V2> {
    return new StreamJoined(this.keySerde, this.valueSerde, this.otherValueSerde, name, this.storeName, this.loggingEnabled, this.thisStoreSupplier, this.otherStoreSupplier);
  }
  /** Names the stores `<name>-this-join-store`, `<name>-other-join-store`, `<name>-outer-shared-join-store`. */
  withStoreName(storeName: string): StreamJoined<K, V1, V2> {
    return new StreamJoined(this.keySerde, this.valueSerde, this.otherValueSerde, this.name, storeName, this.loggingEnabled, this.thisStoreSupplier, this.otherStoreSupplier);
  }
  /** The left side's window store (retainDuplicates, window size and retention must match the join windows). */
  withThisStoreSupplier(supplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2> {
    return new StreamJoined(this.keySerde, this.valueSerde, this.otherValueSerde, this.name, this.storeName, this.loggingEnabled, supplier, this.otherStoreSupplier);
  }
  withOtherStoreSupplier(supplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2> {
    return new StreamJoined(this.keySerde, this.valueSerde, this.otherValueSerde, this.name, this.storeName, this.loggingEnabled, this.thisStoreSupplier, supplier);
  }
  withLoggingDisabled(): StreamJoined<K, V1, V2> {
    return new StreamJoined(this.keySerde, this.valueSerde, this.otherValueSerde, this.name, this.storeName, false, this.thisStoreSupplier, this.otherStoreSupplier);
  }
}
