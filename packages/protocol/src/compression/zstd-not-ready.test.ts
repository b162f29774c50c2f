import { describe, expect, it } from 'vitest';
import { compress, decompress, initCompression, isCompressionReady } from './compression-codecs.js';
import { CompressionNotReadyError } from './compression-errors.js';
import { Compression } from './compression-type.js';

// Own file: vitest isolates module state per file, so zstd is not loaded here yet.
describe('zstd before initCompression()', () => {
  it('throws CompressionNotReadyError with a stable code, then works after init', async () => {
    expect(isCompressionReady()).toBe(false);
    const data = Buffer.from('x'.repeat(100));
    expect(() => compress('zstd', data)).toThrow(CompressionNotReadyError);
    let caught: unknown;
    try {
      decompress(Compression.zstd, data);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CompressionNotReadyError);
    expect((caught as CompressionNotReadyError).code).toBe('COMPRESSION_NOT_READY');
    expect(compress('gzip', data).length).toBeGreaterThan(0); // other codecs need no init
    await initCompression();
    expect(decompress(Compression.zstd, compress('zstd', data)).equals(data)).toBe(true);
  });
});
