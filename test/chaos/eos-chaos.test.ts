import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embedded } from '@tributary/client';
import { waitFor } from '../helpers/wait-for.js';
import { seededRandom } from './broker-process.js';
import { EosChild, killAllChildren, readCommitted } from './eos-child-process.js';
import { oracleProblems } from './eos-oracle.js';
import { eosInput, eosTopics } from './eos-topology.js';

const CLICKS = 6000;

describe('exactly_once_v2 under kill -9 (embedded log, one data dir shared by every run)', () => {
  it('read_committed output and the store equal the oracle after seeded kills, one between sendOffsets and commit', async () => {
    const seed = Number(process.env.EOS_CHAOS_SEED ?? 20261123);
    const rand = seededRandom(seed);
    const root = mkdtempSync(join(tmpdir(), 'eos-chaos-'));
    const dataDir = join(root, 'log');
    const t = eosTopics('eos');
    const input = eosInput(CLICKS, 40, rand);
    const args = [`embedded:${dataDir}`, 'eos-app', 'eos', join(root, 'state'), String(CLICKS)];
    const log: string[] = [];
    try {
      // The whole input first: only one process at a time may open the log directory.
      const cluster = embedded({ dir: dataDir });
      await cluster.connect();
      await cluster.admin.createTopics([t.clicks, t.users, t.counts, t.enriched].map((name) => ({ name, partitions: 2 })));
      const producer = cluster.producer();
      await producer.connect();
      await producer.send(t.users, input.users.map(([k, v]) => ({ key: Buffer.from(k), value: Buffer.from(v), timestamp: 1 })));
      for (let i = 0; i < input.clicks.length; i += 500) {
        await producer.send(t.clicks, input.clicks.slice(i, i + 500).map(([k, v], j) => ({ key: Buffer.from(k), value: Buffer.from(v), timestamp: 1000 + i + j })));
      }
      await cluster.disconnect();

      // Round 0 dies inside its commit; the others are killed at seeded moments after they run.
      let done = 0;
      for (let round = 0; round < 5; round++) {
        const env: Record<string, string> = round === 0 ? { EOS_KILL_AFTER_SEND_OFFSETS: String(1 + Math.floor(rand() * 3)) } : {};
        const child = new EosChild(args, env);
        // EOS_GUARANTEE=at_least_once (negative control, run by hand) has no commit hook: every round is a timed kill.
        if (round === 0 && process.env.EOS_GUARANTEE !== 'at_least_once') {
          const exit = await Promise.race([child.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000).unref())]);
          expect(exit?.signal, `round 0 should kill itself inside a commit (seed ${seed}):\n${child.tail()}`).toBe('SIGKILL');
          expect(child.lines).toContain('KILLING INSIDE COMMIT');
        } else {
          // Killed once its store has counted a seeded share of what is left (processing is fast: a timer would miss it).
          const target = done + Math.floor((CLICKS - done) * (0.1 + rand() * 0.5));
          await waitFor(() => child.done || child.progress() >= target, { timeoutMs: 30_000, intervalMs: 5, message: `progress ${target} (seed ${seed})` }).catch((error: unknown) => {
            throw new Error(`${(error as Error).message}\n${log.join('\n')}\n${child.tail(30)}`);
          });
          await child.kill9();
          done = Math.max(done, child.progress());
        }
        const progress = child.lines.filter((l) => l.startsWith('PROGRESS')).at(-1) ?? 'PROGRESS none';
        log.push(`round ${round}: ${progress}; ${child.lines.filter((l) => l.startsWith('RESTORED') || l.startsWith('KILL') || l.startsWith('FATAL')).join(' | ')}`);
      }

      const last = new EosChild(args);
      const dumpLine = await last.waitForLine('DUMP ', 45_000);
      const exit = await last.exited;
      expect(exit.code, last.tail()).toBe(0);
      const dump = JSON.parse(dumpLine.slice('DUMP '.length)) as [string, number][];

      const reader = embedded({ dir: dataDir });
      await reader.connect();
      try {
        const records = await readCommitted(reader, [t.counts, t.enriched], 2 * CLICKS);
        if (process.env.EOS_CHAOS_VERBOSE) console.log(log.join('\n'));
        expect(oracleProblems(t, records, input, dump), `seed ${seed}\n${log.join('\n')}`).toEqual([]);
        expect(records.length).toBe(2 * CLICKS);
      } finally {
        await reader.disconnect();
      }
    } finally {
      await killAllChildren();
      if (process.env.EOS_CHAOS_KEEP) console.log(`kept ${root}`);
      else rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
