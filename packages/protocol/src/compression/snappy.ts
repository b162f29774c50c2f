import { compressSync, uncompressSync } from 'snappy';
import { CorruptRecordError } from '../errors/tributary-error.js';
import type { CompressionCodec } from './codec.js';
import { MAX_DECOMPRESSED_BYTES } from './limits.js';

// snappy-java's SnappyOutputStream framing, which Kafka's Java client writes.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = 16; // magic + int32 version + int32 compatible version
const XERIAL_BLOCK = 32 * 1024; // snappy-java's default uncompressed block size

function compressXerial(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(XERIAL_HEADER);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  parts.push(header);
  for (let at = 0; at < data.length; at += XERIAL_BLOCK) {
    const block = compressSync(data.subarray(at, at + XERIAL_BLOCK));
    const len = Buffer.allocUnsafe(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

// A raw snappy block starts with its uncompressed length (LEB128); reject absurd ones before the
// native decoder allocates them.
function checkDeclaredLength(data: Buffer): void {
  let length = 0;
  for (let i = 0, mul = 1; i < 5 && i < data.length; i++, mul *= 128) {
    length += (data[i]! & 0x7f) * mul;
    if (data[i]! < 0x80) break;
  }
  if (length > MAX_DECOMPRESSED_BYTES) throw new CorruptRecordError(`snappy block declares ${length} bytes`);
}

function uncompressRaw(data: Buffer): Buffer {
  checkDeclaredLength(data);
  const out = uncompressSync(data, { asBuffer: true });
  return typeof out === 'string' ? Buffer.from(out) : out;
}

function isXerial(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER && data.subarray(0, 8).equals(XERIAL_MAGIC);
}

function decompressXerial(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = XERIAL_HEADER;
  while (at < data.length) {
    if (at + 4 > data.length) throw new CorruptRecordError('truncated xerial snappy block length');
    const len = data.readInt32BE(at);
    at += 4;
    if (len < 0 || at + len > data.length) throw new CorruptRecordError(`invalid xerial snappy block length ${len}`);
    parts.push(uncompressRaw(data.subarray(at, at + len)));
    at += len;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Writes xerial framing like Kafka's Java client; reads both xerial-framed and raw (librdkafka) snappy. */
export const snappyCodec: CompressionCodec = {
  compress: compressXerial,
  decompress(data) {
    try {
      return isXerial(data) ? decompressXerial(data) : uncompressRaw(data);
    } catch (cause) {
      if (cause instanceof CorruptRecordError) throw cause;
      throw new CorruptRecordError('snappy payload does not decompress', { cause });
    }
  },
};
