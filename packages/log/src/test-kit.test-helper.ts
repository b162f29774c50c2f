import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from '@tributary/protocol';
import type { RecordInput } from '@tributary/protocol';

export interface SimpleRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
}

export function tempDir(prefix = 'tributary-log-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function batchOf(records: readonly { key: string | null; value: string | null; timestamp?: number }[]): Buffer {
  const inputs: RecordInput[] = records.map((r) => ({
    key: r.key === null ? null : Buffer.from(r.key),
    value: r.value === null ? null : Buffer.from(r.value),
    timestamp: r.timestamp ?? 1_000,
  }));
  return encodeRecordBatch(inputs);
}

/** Every record of the concatenated batches, as plain values. */
export function decodeAll(batches: Buffer): SimpleRecord[] {
  const out: SimpleRecord[] = [];
  for (const { pos } of iterateBatches(batches)) {
    for (const r of decodeRecordBatch(batches, pos).records) {
      out.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp });
    }
  }
  return out;
}

/** Reads the partition from `from` to its high watermark, trimming to offsets ≥ from. */
export async function readAll(
  read: (offset: number) => Promise<{ batches: Buffer }>,
  from: number,
): Promise<SimpleRecord[]> {
  const out: SimpleRecord[] = [];
  let next = from;
  for (;;) {
    const { batches } = await read(next);
    // Below the high watermark only when compaction emptied the rest of the sealed segments.
    if (batches.length === 0) return out;
    const records = decodeAll(batches);
    for (const r of records) if (r.offset >= next) out.push(r);
    const lastBatchEnd = lastOffsetOf(batches) + 1;
    if (lastBatchEnd <= next) throw new Error(`read at ${next} made no progress`);
    next = lastBatchEnd;
  }
}

function lastOffsetOf(batches: Buffer): number {
  let last = -1;
  for (const { header } of iterateBatches(batches)) last = header.baseOffset + header.lastOffsetDelta;
  return last;
}

/** Polls `cond` until true or the timeout passes (for conditions with no event to await). */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
