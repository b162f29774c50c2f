import type { Headers } from '../processor/headers.js';

/** Turns a value into bytes. `null` stays `null` (a tombstone). */
export interface Serializer<T> {
  serialize(topic: string, data: T | null, headers?: Headers): Buffer | null;
}

/** Turns bytes back into a value. `null` stays `null`. */
export interface Deserializer<T> {
  deserialize(topic: string, data: Buffer | null, headers?: Headers): T | null;
}

/**
 * A serializer and deserializer for one type. The covariant phantom `__type` field makes `Serde<string>`
 * and `Serde<number>` incompatible, so a wrong serde is a compile error.
 */
export interface Serde<T> extends Serializer<T>, Deserializer<T> {
  readonly __type?: () => T;
}

/** A serde built from the configured defaults (e.g. a Change wrapper around the default value serde). */
export interface DefaultAwareSerde {
  withDefaults(defaultKeySerde: Serde<unknown>, defaultValueSerde: Serde<unknown>): Serde<unknown>;
}

export function resolveSerde(serde: Serde<unknown> | undefined, fallback: Serde<unknown>, defaults: [Serde<unknown>, Serde<unknown>]): Serde<unknown> {
  if (serde === undefined) return fallback;
  const aware = serde as Partial<DefaultAwareSerde>;
  return typeof aware.withDefaults === 'function' ? aware.withDefaults(defaults[0], defaults[1]) : serde;
}
