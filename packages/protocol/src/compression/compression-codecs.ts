import type { CompressionCodec } from './codec.js';
import { compressionTypeOf, type CompressionType } from './compression-type.js';
import { gzipCodec } from './gzip.js';
import { lz4Codec } from './lz4.js';
import { noneCodec } from './none.js';
import { snappyCodec } from './snappy.js';
import { initZstd, isZstdReady, zstdCodec } from './zstd.js';

const CODECS: Record<CompressionType, CompressionCodec> = {
  none: noneCodec,
  gzip: gzipCodec,
  snappy: snappyCodec,
  lz4: lz4Codec,
  zstd: zstdCodec,
};

/**
 * Loads the codecs that need asynchronous setup (zstd's WebAssembly). Idempotent; call once at
 * startup before encoding or decoding zstd batches. The other codecs work without it.
 */
export function initCompression(): Promise<void> {
  return initZstd();
}

/** True once every codec can be used synchronously. */
export function isCompressionReady(): boolean {
  return isZstdReady();
}

export function compress(type: CompressionType, data: Buffer): Buffer {
  return CODECS[type].compress(data);
}

/** Decompresses by wire codec id (attribute bits 0–2); unknown ids are CorruptRecordError. */
export function decompress(codecId: number, data: Buffer): Buffer {
  return CODECS[compressionTypeOf(codecId)].decompress(data);
}
