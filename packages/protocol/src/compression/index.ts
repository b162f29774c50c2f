export type { CompressionCodec } from './codec.js';
export { Compression, compressionTypeOf, type CompressionType } from './compression-type.js';
export { CompressionNotReadyError } from './compression-errors.js';
export { compress, decompress, initCompression, isCompressionReady } from './compression-codecs.js';
