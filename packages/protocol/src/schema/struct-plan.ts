import { CorruptRecordError } from '../errors/tributary-error.js';
import type { ByteReader } from '../primitives/byte-reader.js';
import type { ByteWriter } from '../primitives/byte-writer.js';
import { ValueOutOfRangeError } from '../primitives/value-range-error.js';
import { defaultFactory, valueEquals } from './field-defaults.js';
import { primitiveCodec, type ValueCodec } from './primitive-codecs.js';
import type { FieldDef, PrimitiveType } from './schema-types.js';
import { readTaggedFields, writeTaggedFields, type TaggedFieldPlan } from './tagged-fields.js';
import { inVersionRange, parseVersionRange, SchemaDefinitionError } from './version-range.js';

type Struct = Record<string | symbol, unknown>;

const WIRE = 0;
const ABSENT = 1;
const TAGGED = 2;

interface FieldPlan extends TaggedFieldPlan {
  readonly kind: typeof WIRE | typeof ABSENT | typeof TAGGED;
  readonly makeDefault: () => unknown;
}

/** One struct (message body or array element) compiled for one version: the field walk is fixed up front. */
export interface StructPlan {
  readonly all: readonly FieldPlan[];
  readonly wire: readonly FieldPlan[];
  readonly tagged: readonly FieldPlan[];
  readonly byTag: ReadonlyMap<number, FieldPlan>;
  readonly flexible: boolean;
  readonly keepUnknown: boolean;
}

export interface CompileContext {
  readonly version: number;
  readonly flexible: boolean;
  readonly keepUnknown: boolean;
}

export function compileStruct(fields: readonly FieldDef[], ctx: CompileContext, path: string): StructPlan {
  const all = fields.map((f) => compileField(f, ctx, `${path}.${f.name}`));
  const tagged = all.filter((f) => f.kind === TAGGED).sort((a, b) => a.tag - b.tag);
  const byTag = new Map<number, FieldPlan>();
  for (const f of tagged) {
    if (byTag.has(f.tag)) throw new SchemaDefinitionError(`${path}: duplicate tag ${f.tag}`);
    byTag.set(f.tag, f);
  }
  return {
    all,
    wire: all.filter((f) => f.kind === WIRE),
    tagged,
    byTag,
    flexible: ctx.flexible,
    keepUnknown: ctx.keepUnknown,
  };
}

export function readStruct(plan: StructPlan, r: ByteReader): Struct {
  const out: Struct = {};
  // Declared order for every field keeps one object shape per struct plan.
  for (const f of plan.all) out[f.name] = f.kind === WIRE ? f.read(r) : f.makeDefault();
  if (plan.flexible) readTaggedFields(r, plan.byTag, out, plan.keepUnknown);
  return out;
}

export function writeStruct(plan: StructPlan, w: ByteWriter, value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') {
    throw new ValueOutOfRangeError(`${path} must be an object, got ${value === null ? 'null' : typeof value}`);
  }
  const src = value as Struct;
  for (const f of plan.wire) {
    const v = src[f.name];
    f.write(w, v === undefined ? f.makeDefault() : v);
  }
  if (plan.flexible) writeTaggedFields(w, plan.tagged, src);
}

function compileField(def: FieldDef, ctx: CompileContext, path: string): FieldPlan {
  const makeDefault = defaultFactory(def, path);
  const present = inVersionRange(parseVersionRange(def.versions), ctx.version);
  const isTagged = def.taggedVersions !== undefined && inVersionRange(parseVersionRange(def.taggedVersions), ctx.version);
  if (isTagged && (!ctx.flexible || def.tag === undefined)) {
    throw new SchemaDefinitionError(`${path}: tagged field needs a tag and a flexible version`);
  }
  const nullable = def.nullableVersions !== undefined && inVersionRange(parseVersionRange(def.nullableVersions), ctx.version);
  const codec: ValueCodec = present ? valueCodec(def, ctx, nullable, path) : ABSENT_CODEC;
  const defaultValue = makeDefault();
  return {
    name: def.name,
    kind: !present ? ABSENT : isTagged ? TAGGED : WIRE,
    tag: def.tag ?? -1,
    read: codec.read,
    write: codec.write,
    makeDefault,
    isDefault: (v) => valueEquals(v, defaultValue),
  };
}

const ABSENT_CODEC: ValueCodec = {
  read: () => undefined,
  write: () => undefined,
};

function valueCodec(def: FieldDef, ctx: CompileContext, nullable: boolean, path: string): ValueCodec {
  const { type } = def;
  if (type === '[]struct' || type === 'struct') {
    if (def.fields === undefined) throw new SchemaDefinitionError(`${path}: ${type} needs fields`);
    const plan = compileStruct(def.fields, ctx, path);
    const element: ValueCodec = {
      read: (r) => readStruct(plan, r),
      write: (w, v) => writeStruct(plan, w, v, path),
    };
    return type === 'struct' ? structCodec(element, nullable, path) : arrayCodec(element, ctx.flexible, nullable, path);
  }
  if (type.startsWith('[]')) {
    const element = primitiveCodec(type.slice(2) as PrimitiveType, ctx.flexible, false);
    return arrayCodec(element, ctx.flexible, nullable, path);
  }
  const codec = primitiveCodec(type as PrimitiveType, ctx.flexible, nullable);
  return nullable ? codec : nonNull(codec, path);
}

function nonNull(codec: ValueCodec, path: string): ValueCodec {
  return {
    read: codec.read,
    write: (w, v) => {
      if (v === null) throw new ValueOutOfRangeError(`${path} is not nullable in this version`);
      codec.write(w, v);
    },
  };
}

function arrayCodec(element: ValueCodec, flexible: boolean, nullable: boolean, path: string): ValueCodec {
  const readEl = element.read;
  const writeEl = element.write;
  const read: ValueCodec['read'] = flexible
    ? nullable
      ? (r) => r.compactNullableArray(readEl)
      : (r) => r.compactArray(readEl)
    : nullable
      ? (r) => r.nullableArray(readEl)
      : (r) => r.array(readEl);
  return {
    read,
    write: (w, v) => {
      if (v === null) {
        if (!nullable) throw new ValueOutOfRangeError(`${path} is not nullable in this version`);
        if (flexible) w.uvarint(0);
        else w.int32(-1);
        return;
      }
      if (!Array.isArray(v)) throw new ValueOutOfRangeError(`${path} must be an array`);
      if (flexible) w.compactArray(v, writeEl);
      else w.array(v, writeEl);
    },
  };
}

/** A struct-typed field; when nullable, Kafka prefixes it with int8 -1 (null) or 1 (present). */
function structCodec(element: ValueCodec, nullable: boolean, path: string): ValueCodec {
  if (!nullable) return nonNull(element, path);
  return {
    read: (r) => {
      const marker = r.int8();
      if (marker < 0) return null;
      if (marker !== 1) throw new CorruptRecordError(`${path}: invalid struct presence marker ${marker}`);
      return element.read(r);
    },
    write: (w, v) => {
      if (v === null) {
        w.int8(-1);
        return;
      }
      w.int8(1);
      element.write(w, v);
    },
  };
}
