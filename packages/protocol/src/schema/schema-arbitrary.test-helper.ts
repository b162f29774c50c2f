import fc from 'fast-check';
import { defaultFactory } from './field-defaults.js';
import type { FieldDef, MessageSchema, PrimitiveType } from './schema-types.js';
import { inVersionRange, parseVersionRange } from './version-range.js';

const has = (range: string | undefined, v: number): boolean => range !== undefined && inVersionRange(parseVersionRange(range), v);

const hex = (b: Uint8Array): string => {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function primitive(type: PrimitiveType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'int32':
      return fc.integer();
    case 'int64':
      return fc.oneof(fc.integer({ min: -3, max: 3 }), fc.maxSafeInteger(), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
    case 'uint16':
      return fc.integer({ min: 0, max: 0xffff });
    case 'uint32':
      return fc.integer({ min: 0, max: 0xffff_ffff });
    case 'float64':
      return fc.double();
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 12 });
    case 'bytes':
    case 'records':
      return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b));
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hex);
  }
}

function fieldArbitrary(def: FieldDef, version: number, depth: number): fc.Arbitrary<unknown> {
  if (!has(def.versions, version)) return fc.constant(null).map(defaultFactory(def, def.name));
  let arb: fc.Arbitrary<unknown>;
  const maxLength = depth > 1 ? 1 : 3;
  if (def.type === 'struct') arb = structArbitrary(def.fields ?? [], version, depth + 1);
  else if (def.type === '[]struct') arb = fc.array(structArbitrary(def.fields ?? [], version, depth + 1), { maxLength });
  else if (def.type.startsWith('[]')) arb = fc.array(primitive(def.type.slice(2) as PrimitiveType), { maxLength });
  else arb = primitive(def.type as PrimitiveType);
  return has(def.nullableVersions, version) ? fc.option(arb, { nil: null, freq: 4 }) : arb;
}

function structArbitrary(fields: readonly FieldDef[], version: number, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) model[f.name] = fieldArbitrary(f, version, depth);
  return fc.record(model);
}

/**
 * Arbitrary values of `schema` at `version`, derived from the schema itself: fields present in the
 * version get random values, absent ones hold their defaults (which is what decoding yields).
 */
export function messageArbitrary(schema: MessageSchema, version: number): fc.Arbitrary<Record<string, unknown>> {
  return structArbitrary(schema.fields, version, 0);
}
