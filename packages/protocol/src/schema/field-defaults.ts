import type { FieldDef } from './schema-types.js';
import { SchemaDefinitionError } from './version-range.js';

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const EMPTY = Buffer.alloc(0);

/**
 * Builds fresh default values of a field, used when the field is absent in a version (or a tagged
 * field was not sent): the explicit `default`, else 0 / false / '' / empty bytes / [] / the all-defaults struct.
 */
export function defaultFactory(def: FieldDef, path: string): () => unknown {
  const explicit = def.default;
  const { type } = def;
  if (explicit === null) {
    if (def.nullableVersions === undefined) throw new SchemaDefinitionError(`${path}: default null on a non-nullable field`);
    return () => null;
  }
  if (type === 'struct') {
    const members = (def.fields ?? []).map((f) => [f.name, defaultFactory(f, `${path}.${f.name}`)] as const);
    return () => {
      const out: Record<string, unknown> = {};
      for (const [name, make] of members) out[name] = make();
      return out;
    };
  }
  if (type.startsWith('[]')) return () => [];
  if (explicit !== undefined) return () => explicit;
  switch (type) {
    case 'bool':
      return () => false;
    case 'string':
      return () => '';
    case 'bytes':
      return () => EMPTY;
    case 'records':
      return () => null;
    case 'uuid':
      return () => ZERO_UUID;
    default:
      return () => 0;
  }
}

/** Structural equality over decoded values (numbers, strings, Buffers, arrays, plain objects). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => valueEquals(v, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(b);
    return keys.every((k) => valueEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
