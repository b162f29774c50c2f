import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Log } from './log.js';
import { batchOf, readAll, tempDir } from './test-kit.test-helper.js';
import type { SimpleRecord } from './test-kit.test-helper.js';

const dirs = tempDir();
afterAll(() => dirs.cleanup());
let run = 0;

const batchArb = fc.array(
  fc.record({ key: fc.option(fc.string({ maxLength: 5 }), { nil: null }), value: fc.string({ maxLength: 30 }) }),
  { minLength: 1, maxLength: 4 },
);
const EPOCH_FIELD = [12, 16] as const; // partitionLeaderEpoch: outside the CRC, not part of the payload

interface Placed {
  start: number;
  end: number;
  records: SimpleRecord[];
}

async function fillLog(dir: string, batches: { key: string | null; value: string }[][]): Promise<{ placed: Placed[]; file: string }> {
  const log = await Log.open({ dir, cleanerIntervalMs: 0 });
  await log.createTopic('t');
  const placed: Placed[] = [];
  let pos = 0;
  let offset = 0;
  for (const recs of batches) {
    const buf = batchOf(recs.map((r) => ({ ...r, timestamp: 7 })));
    await log.append('t', 0, buf);
    placed.push({ start: pos, end: pos + buf.length, records: recs.map((r) => ({ offset: offset++, key: r.key, value: r.value, timestamp: 7 })) });
    pos += buf.length;
  }
  await log.close();
  // As if the process died after its last acknowledged write.
  fs.rmSync(path.join(dir, '.clean-shutdown'));
  return { placed, file: path.join(dir, 'topics', 't', '0', '00000000000000000000.log') };
}

async function expectReopenedLog(dir: string, expected: SimpleRecord[]): Promise<void> {
  const log = await Log.open({ dir, cleanerIntervalMs: 0 });
  const got = await readAll((o) => log.read('t', 0, o), 0);
  expect(got).toEqual(expected);
  const next = await log.append('t', 0, batchOf([{ key: 'after', value: 'crash', timestamp: 7 }]));
  expect(next.baseOffset).toBe(expected.length);
  const tail = await readAll((o) => log.read('t', 0, o), expected.length);
  expect(tail.map((r) => r.value)).toEqual(['crash']);
  await log.close();
}

describe('recovery of a damaged active segment (oracle: the batches wholly before the damage)', () => {
  it('truncation at any byte keeps exactly the whole batches before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batchArb, { minLength: 1, maxLength: 8 }), fc.nat(), async (batches, cutSeed) => {
        const dir = `${dirs.dir}/trunc-${run++}`;
        const { placed, file } = await fillLog(dir, batches);
        const total = placed[placed.length - 1]!.end;
        const cut = cutSeed % (total + 1);
        fs.truncateSync(file, cut);
        await expectReopenedLog(dir, placed.filter((p) => p.end <= cut).flatMap((p) => p.records));
      }),
      { numRuns: 30 },
    );
  });

  it('a corrupted byte anywhere drops its batch and everything after it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(batchArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (batches, atSeed, xor) => {
          const dir = `${dirs.dir}/flip-${run++}`;
          const { placed, file } = await fillLog(dir, batches);
          const bytes = fs.readFileSync(file);
          const at = atSeed % bytes.length;
          bytes[at]! ^= xor;
          fs.writeFileSync(file, bytes);
          const hit = placed.findIndex((p) => at >= p.start && at < p.end);
          const inEpoch = at - placed[hit]!.start >= EPOCH_FIELD[0] && at - placed[hit]!.start < EPOCH_FIELD[1];
          const kept = inEpoch ? placed : placed.slice(0, hit);
          await expectReopenedLog(dir, kept.flatMap((p) => p.records));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('recovery bookkeeping', () => {
  it('rebuilds missing indexes of sealed segments and keeps every record', async () => {
    const dir = `${dirs.dir}/idx-${run++}`;
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    await log.createTopic('t', { configs: { 'segment.bytes': 200, 'index.interval.bytes': 50 } });
    for (let i = 0; i < 20; i++) await log.append('t', 0, batchOf([{ key: `k${i}`, value: `v${i}` }]));
    await log.close();
    const pdir = path.join(dir, 'topics', 't', '0');
    for (const f of fs.readdirSync(pdir)) if (f.endsWith('.index') || f.endsWith('.timeindex')) fs.rmSync(path.join(pdir, f));
    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    const got = await readAll((o) => log.read('t', 0, o, { maxBytes: 1 }), 7);
    expect(got.map((r) => r.value)).toEqual(Array.from({ length: 13 }, (_, i) => `v${i + 7}`));
    expect(fs.readdirSync(pdir).filter((f) => f.endsWith('.index')).length).toBeGreaterThan(1);
    await log.close();
  });

  it('finishes a compaction swap and discards unfinished cleaner output found at open', async () => {
    const dir = `${dirs.dir}/swap-${run++}`;
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    await log.createTopic('t', { configs: { 'segment.bytes': 150 } });
    for (let i = 0; i < 6; i++) await log.append('t', 0, batchOf([{ key: 'k', value: `v${i}` }]));
    await log.close();
    const pdir = path.join(dir, 'topics', 't', '0');
    const first = path.join(pdir, '00000000000000000000.log');
    const original = fs.readFileSync(first);
    // A .swap replaces its segment (here: with only its second batch); a .cleaned is dropped.
    const secondBatch = original.subarray(original.readInt32BE(8) + 12);
    fs.writeFileSync(`${first}.swap`, secondBatch);
    fs.writeFileSync(path.join(pdir, '00000000000000000002.log.cleaned'), Buffer.from('partial'));
    fs.rmSync(path.join(dir, '.clean-shutdown'));
    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    const got = await readAll((o) => log.read('t', 0, o), 0);
    expect(got.map((r) => r.offset)).toEqual([1, 2, 3, 4, 5]);
    expect(fs.readdirSync(pdir).some((f) => f.endsWith('.swap') || f.endsWith('.cleaned'))).toBe(false);
    await log.close();
  });

  it('a clean restart trusts the indexes and removes the marker while running', async () => {
    const dir = `${dirs.dir}/clean-${run++}`;
    let log = await Log.open({ dir, cleanerIntervalMs: 0 });
    await log.createTopic('t');
    await log.append('t', 0, batchOf([{ key: 'a', value: 'b' }]));
    await log.close();
    expect(fs.existsSync(path.join(dir, '.clean-shutdown'))).toBe(true);
    log = await Log.open({ dir, cleanerIntervalMs: 0 });
    expect(fs.existsSync(path.join(dir, '.clean-shutdown'))).toBe(false);
    expect(log.describeTopic('t').partitions[0]!.highWatermark).toBe(1);
    await log.close();
  });
});
