import { CorruptRecordError } from '../errors/tributary-error.js';

/** Codec ids as stored in attribute bits 0–2 of a record batch. */
export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

export type CompressionType = keyof typeof Compression;

const BY_ID: readonly CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Maps a codec id from the wire to its name; ids 5–7 are corruption. */
export function compressionTypeOf(id: number): CompressionType {
  const type = BY_ID[id];
  if (type === undefined) throw new CorruptRecordError(`unknown compression codec id ${id}`);
  return type;
}
