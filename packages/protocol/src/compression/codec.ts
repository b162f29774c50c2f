/** One compression codec: whole-buffer, synchronous. Failures to decompress throw CorruptRecordError. */
export interface CompressionCodec {
  compress(data: Buffer): Buffer;
  decompress(data: Buffer): Buffer;
}
