import type { CompressionCodec } from './codec.js';

export const noneCodec: CompressionCodec = {
  compress: (data) => data,
  decompress: (data) => data,
};
