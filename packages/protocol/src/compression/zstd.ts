import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { CorruptRecordError } from '../errors/tributary-error.js';
import type { CompressionCodec } from './codec.js';
import { CompressionNotReadyError } from './compression-errors.js';
import { MAX_DECOMPRESSED_BYTES } from './limits.js';

let ready = false;
let loading: Promise<void> | undefined;

/** Loads the zstd WebAssembly module once; later calls return the same promise. */
export function initZstd(): Promise<void> {
  loading ??= init().then(
    () => {
      ready = true;
    },
    (err: unknown) => {
      loading = undefined; // allow a retry
      throw err;
    },
  );
  return loading;
}

export function isZstdReady(): boolean {
  return ready;
}

const toBuffer = (u8: Uint8Array): Buffer => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

// zstd's "destination buffer too small" error, as the WASM wrapper reports it.
const DST_TOO_SMALL = /code -70$/;

// Frames written by streaming encoders (Java's ZstdOutputStream) may omit the content size, in
// which case the WASM decoder needs a guessed output capacity: grow it while it is too small.
function decompressFrame(data: Buffer): Buffer {
  const declared = checkFrameHeader(data);
  let heap = declared ?? Math.max(1024 * 1024, data.length * 8);
  for (;;) {
    try {
      return toBuffer(decompress(data, { defaultHeapSize: heap }));
    } catch (cause) {
      const tooSmall = declared === undefined && cause instanceof Error && DST_TOO_SMALL.test(cause.message);
      if (!tooSmall || heap >= MAX_DECOMPRESSED_BYTES) {
        throw new CorruptRecordError('zstd frame does not decompress', { cause });
      }
      heap = Math.min(heap * 4, MAX_DECOMPRESSED_BYTES);
    }
  }
}

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * Returns the frame's declared content size, rejecting non-zstd input and absurd sizes before the
 * WASM decoder tries to allocate them (RFC 8878 §3.1.1.1: descriptor byte, optional window byte and dictionary
 * id, then 0/1/2/4/8 bytes of content size).
 */
function checkFrameHeader(data: Buffer): number | undefined {
  if (data.length < 5 || data.readUInt32LE(0) !== ZSTD_MAGIC) throw new CorruptRecordError('not a zstd frame');
  const fhd = data[4]!;
  const singleSegment = (fhd & 0x20) !== 0;
  const fcsFlag = fhd >> 6;
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
  if (fcsBytes === 0) return undefined;
  if (at + fcsBytes > data.length) throw new CorruptRecordError('truncated zstd frame header');
  const size =
    fcsBytes === 1 ? data[at]!
    : fcsBytes === 2 ? data.readUInt16LE(at) + 256
    : fcsBytes === 4 ? data.readUInt32LE(at)
    : data.readUInt32LE(at) + data.readUInt32LE(at + 4) * 0x1_0000_0000;
  if (size > MAX_DECOMPRESSED_BYTES) throw new CorruptRecordError(`zstd frame declares ${size} bytes`);
  return size;
}

export const zstdCodec: CompressionCodec = {
  compress(data) {
    if (!ready) throw new CompressionNotReadyError('zstd');
    return toBuffer(compress(data, 3));
  },
  decompress(data) {
    if (!ready) throw new CompressionNotReadyError('zstd');
    return decompressFrame(data);
  },
};
