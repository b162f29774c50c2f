import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.js';

const repoRoot = resolve(import.meta.dirname, '../..');
// Exactly what the root `npm start` runs, from sources, bounded by TRIBUTARY_EXAMPLE_MAX_RECORDS.
const entry = join(repoRoot, 'examples/fraud-detection/src/app/main.ts');

// The runtime runs the whole fraud topology (GlobalKTables, windows, suppress, self-join) and restarts on its state.
const RUNTIME_RUNS_WINDOWED_STORES = true;

describe.skipIf(!RUNTIME_RUNS_WINDOWED_STORES)('npm start (fraud detection on the embedded log)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-npm-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = () =>
    runProcess(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', entry], {
      cwd: repoRoot,
      timeoutMs: 150_000,
      env: { ...process.env, TRIBUTARY_EXAMPLE_DATA_DIR: dataDir, TRIBUTARY_EXAMPLE_MAX_RECORDS: '6000', TRIBUTARY_EXAMPLE_PORT: '0', TRIBUTARY_CLUSTER: '' },
    });

  it('produces alerts, prints the dashboard URL and stops cleanly; a second start resumes', { timeout: 320_000 }, async () => {
    const first = await start();
    expect(first.stderr).not.toMatch(/failed/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/dashboard and interactive queries: http:\/\/127\.0\.0\.1:\d+\//);
    const alerts = first.stdout.split('\n').filter((l) => l.startsWith('ALERT '));
    expect(alerts.length).toBeGreaterThan(0);
    expect(first.stdout).toMatch(/stopped: produced 6000/);

    // The console group committed what it printed: a resumed run shows only new alerts, none twice.
    const second = await start();
    expect(second.code).toBe(0);
    const again = second.stdout.split('\n').filter((l) => l.startsWith('ALERT '));
    for (const line of again) expect(alerts).not.toContain(line);
  });
});
