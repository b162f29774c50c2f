import type { Change } from '../processor/change.js';
import type { DefaultAwareSerde, Serde } from './serde.js';

/**
 * Carries a table update (new and old value) through a repartition topic:
 * one flag byte (1 = new present, 2 = old present), int32 length of new, new bytes, old bytes.
 */
export function changeSerde<V>(inner: Serde<V> | undefined): Serde<Change<V>> & DefaultAwareSerde {
  if (inner === undefined) {
    // Resolved against the configured default value serde when a task opens.
    const unresolved = (): never => {
      throw new Error('change serde used before resolving the default value serde');
    };
    return { serialize: unresolved, deserialize: unresolved, withDefaults: (_k, v) => changeSerde(v as Serde<V>) };
  }
  return {
    withDefaults: () => changeSerde(inner),
    serialize(topic, data, headers) {
      if (data === null || data === undefined) return null;
      const n = data.newValue === null ? null : inner.serialize(topic, data.newValue, headers);
      const o = data.oldValue === null ? null : inner.serialize(topic, data.oldValue, headers);
      const out = Buffer.allocUnsafe(5 + (n?.length ?? 0) + (o?.length ?? 0));
      out.writeUInt8((n !== null ? 1 : 0) | (o !== null ? 2 : 0), 0);
      out.writeInt32BE(n?.length ?? 0, 1);
      if (n !== null) n.copy(out, 5);
      if (o !== null) o.copy(out, 5 + (n?.length ?? 0));
      return out;
    },
    deserialize(topic, data, headers) {
      if (data === null || data === undefined) return null;
      const flags = data.readUInt8(0);
      const nLen = data.readInt32BE(1);
      const newValue = flags & 1 ? inner.deserialize(topic, data.subarray(5, 5 + nLen), headers) : null;
      const oldValue = flags & 2 ? inner.deserialize(topic, data.subarray(5 + nLen), headers) : null;
      return { newValue, oldValue };
    },
  };
}
