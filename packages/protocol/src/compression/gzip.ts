import { gunzipSync, gzipSync } from 'node:zlib';
import { CorruptRecordError } from '../errors/tributary-error.js';
import type { CompressionCodec } from './codec.js';
import { MAX_DECOMPRESSED_BYTES } from './limits.js';

export const gzipCodec: CompressionCodec = {
  compress: (data) => gzipSync(data),
  decompress(data) {
    try {
      return gunzipSync(data, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
    } catch (cause) {
      throw new CorruptRecordError('gzip payload does not decompress', { cause });
    }
  },
};
