import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassicLevelBytesStore } from './classic-level-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ClassicLevelBytesStore', () => {
  it('serves reads synchronously and keeps flushed writes across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-cl-'));
    dirs.push(dir);
    const a = new ClassicLevelBytesStore('s', dir);
    expect(() => a.init()).toThrow(/must be opened/);
    await a.open();
    a.init();
    a.put(Buffer.from('k1'), Buffer.from('v1'));
    a.put(Buffer.from('k2'), Buffer.from('v2'));
    a.put(Buffer.from('k1'), null);
    expect(a.get(Buffer.from('k2'))?.toString()).toBe('v2');
    a.flush();
    a.put(Buffer.from('unflushed'), Buffer.from('x'));
    a.close();
    await a.flushed();

    const b = new ClassicLevelBytesStore('s', dir);
    await b.open();
    expect(b.range(null, null, false).map((kv) => `${kv.key}=${kv.value}`)).toEqual(['k2=v2', 'unflushed=x']);
    b.close();
    await b.flushed();
  });
});
