import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Serdes } from '../../serdes/serdes.js';
import type { ChangelogRecord } from '../changelog-sink.js';
import type { StateStoreContext } from '../state-store.js';

/** String serde used by the persistent-store tests. */
export const S = Serdes.String();

/** Temp directories for one test file, removed after each test. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `${prefix}-`));
    dirs.push(d);
    return d;
  };
}

/** A store context whose changelog writes land in `log`. */
export const storeContext = (log: ChangelogRecord[]): StateStoreContext => ({
  applicationId: 'app',
  partition: 0,
  defaultKeySerde: S as never,
  defaultValueSerde: S as never,
  changelogSink: { send: (r) => void log.push(r) },
  currentTimestamp: () => 1,
});
