import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { CorruptRecordError } from '../errors/tributary-error.js';
import type { CompressionCodec } from './codec.js';

/**
 * LZ4 *frame* format (magic 04 22 4D 18), as Kafka's KafkaLZ4Block streams use for magic 2:
 * independent blocks, no checksums, which lz4-napi's frame defaults produce.
 */
export const lz4Codec: CompressionCodec = {
  compress: (data) => compressFrameSync(data),
  decompress(data) {
    try {
      return decompressFrameSync(data);
    } catch (cause) {
      throw new CorruptRecordError('lz4 frame does not decompress', { cause });
    }
  },
};
