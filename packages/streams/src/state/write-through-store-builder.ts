/**
 * The builder shape the topology and tasks expect (name, logging flag, caching flag, build) for
 * stores that never cache: window, session, outer-join, suppression and processor-state stores
 * write through, so the caching toggles are accepted and ignored, as Kafka's are for them.
 */
export abstract class WriteThroughStoreBuilder {
  protected logging = true;

  constructor(readonly name: string) {}

  get loggingEnabled(): boolean {
    return this.logging;
  }
  get cachingEnabled(): boolean {
    return false;
  }
  withLoggingDisabled(): this {
    this.logging = false;
    return this;
  }
  withLoggingEnabled(): this {
    this.logging = true;
    return this;
  }
  withCachingEnabled(): this {
    return this;
  }
  withCachingDisabled(): this {
    return this;
  }

  /** The changelog this store writes to: none when logging is disabled. */
  protected changelog(topic: string | null): string | null {
    return this.logging ? topic : null;
  }
}
