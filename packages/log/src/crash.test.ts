import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidBatch, iterateBatches, setBaseOffset } from '@tributary/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { crashBatch } from './crash-batch.test-helper.js';
import { Log } from './log.js';
import { tempDir } from './test-kit.test-helper.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'crash-child.test-helper.ts');
const tmp = tempDir('tributary-crash-');
afterAll(() => tmp.cleanup());

/** mulberry32: a seeded PRNG so the kill moments are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ack {
  baseOffset: number;
  writer: number;
  seq: number;
}

/** Runs the child until `killAfterMs` past its first ack, then SIGKILLs it; returns its acks. */
function runAndKill(dir: string, killAfterMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', child, dir], {
      cwd: path.resolve(here, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let armed = false;
    const guard = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed) {
        armed = true;
        setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited on its own: ${err}`));
      // The last line may be cut off mid-write: only whole lines are acks we saw.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.map((l) => {
        const [baseOffset, writer, seq] = l.split(' ').map(Number);
        return { baseOffset: baseOffset!, writer: writer!, seq: seq! };
      }));
    });
  });
}

describe('crash safety (kill -9 during group-committed appends)', () => {
  it('every acknowledged batch survives byte for byte and nothing past a torn tail is served', async () => {
    const dir = path.join(tmp.dir, 'log');
    const random = prng(0x7b1b);
    let totalAcks = 0;
    for (let round = 0; round < 4; round++) {
      const start = await (async () => {
        if (round === 0) return 0;
        const log = await Log.open({ dir, cleanerIntervalMs: 0 });
        const end = log.partition('crash', 0).logEndOffset;
        await log.close();
        return end;
      })();
      const acks = await runAndKill(dir, 150 + Math.floor(random() * 600));
      expect(acks.length).toBeGreaterThan(0);
      totalAcks += acks.length;

      // Recovery happens here: the child left no clean-shutdown marker.
      const log = await Log.open({ dir, cleanerIntervalMs: 0 });
      const p = log.partition('crash', 0);
      for (const ack of acks) {
        const expected = crashBatch(ack.writer, ack.seq, start);
        setBaseOffset(expected, 0, ack.baseOffset);
        const { batches } = await p.read(ack.baseOffset, { maxBytes: 1 });
        expect(batches.equals(expected)).toBe(true);
      }
      // Everything served is valid and contiguous up to the high watermark.
      let next = 0;
      while (next < p.highWatermark) {
        const { batches } = await p.read(next, { maxBytes: 1 << 20 });
        expect(batches.length).toBeGreaterThan(0);
        for (const { pos } of iterateBatches(batches)) {
          const h = assertValidBatch(batches, pos);
          expect(h.baseOffset).toBe(next);
          next = h.baseOffset + h.lastOffsetDelta + 1;
        }
      }
      expect(next).toBe(p.logEndOffset);
      // And the log takes appends again after recovery.
      const after = await p.append(crashBatch(99, round, -1));
      expect(after.baseOffset).toBe(next);
      await log.close();
    }
    expect(totalAcks).toBeGreaterThan(20);
  }, 60_000);
});
