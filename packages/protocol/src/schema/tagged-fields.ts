import { ByteReader } from '../primitives/byte-reader.js';
import { ByteWriter } from '../primitives/byte-writer.js';

/**
 * Property under which a decoded struct keeps tagged fields this schema does not know, when decoding
 * with `keepUnknownTaggedFields`. The encoder writes them back, so a proxy can forward them intact.
 */
export const UNKNOWN_TAGGED_FIELDS: unique symbol = Symbol('tributary.unknownTaggedFields');

export interface UnknownTaggedField {
  readonly tag: number;
  readonly data: Buffer;
}

/** What the tagged-field section needs to know about one known tagged field. */
export interface TaggedFieldPlan {
  readonly name: string;
  readonly tag: number;
  readonly read: (r: ByteReader) => unknown;
  readonly write: (w: ByteWriter, v: unknown) => void;
  readonly isDefault: (v: unknown) => boolean;
}

type Struct = Record<string | symbol, unknown>;

/** Reads a tagged-field section into `target`; unknown tags are skipped (or kept when asked). */
export function readTaggedFields(
  r: ByteReader,
  byTag: ReadonlyMap<number, TaggedFieldPlan>,
  target: Struct,
  keepUnknown: boolean,
): void {
  const count = r.uvarint();
  let unknown: UnknownTaggedField[] | undefined;
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const data = r.raw(r.uvarint());
    const field = byTag.get(tag);
    if (field !== undefined) target[field.name] = field.read(new ByteReader(data));
    else if (keepUnknown) (unknown ??= []).push({ tag, data });
  }
  if (unknown !== undefined) target[UNKNOWN_TAGGED_FIELDS] = unknown;
}

/** Writes the tagged-field section: known fields that differ from their default, plus kept unknown ones, by tag. */
export function writeTaggedFields(w: ByteWriter, tagged: readonly TaggedFieldPlan[], source: Struct): void {
  const unknown = source[UNKNOWN_TAGGED_FIELDS] as readonly UnknownTaggedField[] | undefined;
  if (tagged.length === 0 && unknown === undefined) {
    w.uvarint(0);
    return;
  }
  const entries: UnknownTaggedField[] = [];
  for (const field of tagged) {
    const v = source[field.name];
    if (v === undefined || field.isDefault(v)) continue;
    const body = new ByteWriter(32);
    field.write(body, v);
    entries.push({ tag: field.tag, data: body.toBuffer() });
  }
  if (unknown !== undefined && unknown.length > 0) {
    entries.push(...unknown);
    entries.sort((a, b) => a.tag - b.tag);
  }
  w.uvarint(entries.length);
  for (const e of entries) {
    w.uvarint(e.tag);
    w.uvarint(e.data.length);
    w.raw(e.data);
  }
}
