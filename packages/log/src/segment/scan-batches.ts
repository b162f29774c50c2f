import { batchSizeAt, RECORD_BATCH_OVERHEAD } from '@tributary/protocol';
import type { StorageFile } from '../storage/storage.js';

export interface ScannedBatch {
  /** The chunk holding the batch; valid until the caller drops it. */
  buf: Buffer;
  pos: number;
  size: number;
  /** Position of the batch in the file. */
  filePos: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Walks whole batches of `file` in [start, end) by their length fields, reading big chunks.
 * Stops quietly at a torn tail or a length too small for a batch; checks nothing else, so
 * callers that need trust validate each batch (recovery) or only read already-validated bytes.
 */
export async function* scanBatches(file: StorageFile, start: number, end: number, chunkBytes = CHUNK_BYTES): AsyncGenerator<ScannedBatch> {
  let filePos = start;
  while (filePos < end) {
    const buf = await file.read(filePos, Math.min(end - filePos, chunkBytes));
    let p = 0;
    for (;;) {
      let size: number | undefined;
      try {
        size = batchSizeAt(buf, p);
      } catch {
        return;
      }
      if (size === undefined || size < RECORD_BATCH_OVERHEAD) break;
      if (p + size > buf.length) {
        if (p > 0) break;
        // A batch bigger than the chunk: read it alone.
        if (filePos + size > end) return;
        const whole = await file.read(filePos, size);
        if (whole.length < size) return;
        yield { buf: whole, pos: 0, size, filePos };
        p = size;
        break;
      }
      yield { buf, pos: p, size, filePos: filePos + p };
      p += size;
    }
    if (p === 0) return;
    filePos += p;
  }
}
