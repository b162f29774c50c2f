import type { VersionRangeText } from './version-range.js';

/** Wire types of single values. `records` is nullable bytes holding record batches, never decoded here. */
export type PrimitiveType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint16'
  | 'uint32'
  | 'float64'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

export type FieldType = PrimitiveType | `[]${Exclude<PrimitiveType, 'records'>}` | '[]struct' | 'struct';

/** Value of an explicit default; arrays and structs default to empty / all-defaults (or null). */
export type DefaultValue = number | boolean | string | null;

/**
 * One field, in the same terms as Kafka's message JSON: `versions` it exists in, `nullableVersions`
 * where it may be null, and `taggedVersions` + `tag` when it travels in the tagged-field section.
 * Names are camelCase and become the property names of decoded objects.
 */
export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly versions: VersionRangeText;
  readonly nullableVersions?: VersionRangeText;
  readonly taggedVersions?: VersionRangeText;
  readonly tag?: number;
  readonly default?: DefaultValue;
  /** Element fields of `[]struct` and `struct`. */
  readonly fields?: readonly FieldDef[];
}

export interface MessageSchema {
  readonly name: string;
  readonly apiKey: number;
  readonly validVersions: VersionRangeText;
  readonly flexibleVersions: VersionRangeText;
  readonly fields: readonly FieldDef[];
}

/** JS value of each primitive wire type (int64 as a safe-integer number, uuid as 8-4-4-4-12 hex). */
export interface PrimitiveValues {
  int8: number;
  int16: number;
  int32: number;
  int64: number;
  uint16: number;
  uint32: number;
  float64: number;
  bool: boolean;
  string: string;
  bytes: Buffer;
  records: Buffer;
  uuid: string;
}

type Nullable<F, T> = F extends { readonly nullableVersions: string } ? T | null : T;

/** The JS value a field decodes to (in any version: absent fields hold their defaults). */
export type FieldValue<F extends FieldDef> = F extends {
  readonly type: '[]struct';
  readonly fields: infer S extends readonly FieldDef[];
}
  ? Nullable<F, StructValue<S>[]>
  : F extends { readonly type: 'struct'; readonly fields: infer S extends readonly FieldDef[] }
    ? Nullable<F, StructValue<S>>
    : F['type'] extends `[]${infer P extends keyof PrimitiveValues}`
      ? Nullable<F, PrimitiveValues[P][]>
      : F['type'] extends keyof PrimitiveValues
        ? Nullable<F, PrimitiveValues[F['type']]>
        : never;

export type StructValue<S extends readonly FieldDef[]> = {
  [F in S[number] as F['name']]: FieldValue<F>;
};

/** The typed object shape of a message schema, e.g. `MessageData<typeof produceRequestSchema>`. */
export type MessageData<M extends MessageSchema> = StructValue<M['fields']>;
