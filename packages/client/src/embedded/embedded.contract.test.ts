import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { describeClusterContract } from '../contract/cluster-contract.js';
import { embedded } from './embedded-cluster.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeClusterContract('embedded (in memory)', async ({ clientId }) => embedded({ inMemory: true, cleanerIntervalMs: 0 }, { clientId }));

describeClusterContract('embedded (on disk)', async ({ clientId }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-embedded-'));
  dirs.push(dir);
  return embedded({ dir, cleanerIntervalMs: 0 }, { clientId });
});
