import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointFile, checkpointKey, CorruptCheckpointError } from './checkpoint-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const file = (): CheckpointFile => {
  const d = mkdtempSync(join(tmpdir(), 'tributary-ckpt-'));
  dirs.push(d);
  return new CheckpointFile(join(d, '0_1', '.checkpoint'));
};

describe('CheckpointFile', () => {
  it('round-trips offsets in the text layout and reads null when absent', async () => {
    const f = file();
    expect(await f.read()).toBeNull();
    await f.write(new Map([[checkpointKey('app-counts-changelog', 1), 42], [checkpointKey('t', 0), 0]]));
    expect(readFileSync(f.path, 'utf8')).toBe('0\n2\napp-counts-changelog 1 42\nt 0 0\n');
    expect(await f.read()).toEqual(new Map([[checkpointKey('app-counts-changelog', 1), 42], [checkpointKey('t', 0), 0]]));
    await f.delete();
    expect(await f.read()).toBeNull();
  });

  it('rejects a corrupt file (bad version, wrong count, bad line)', async () => {
    const f = file();
    await f.write(new Map());
    for (const text of ['garbage', '0\n2\nt 0 1\n', '0\n1\nt x 1\n', '0\n1\nt 0 -4\n']) {
      writeFileSync(f.path, text);
      await expect(f.read()).rejects.toBeInstanceOf(CorruptCheckpointError);
    }
  });
});
