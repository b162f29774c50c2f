import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { kafka, type Cluster } from '@tributary/client';
import { waitFor } from '../helpers/wait-for.js';
import { seededRandom } from './broker-process.js';
import { EosChild, killAllChildren, readCommitted } from './eos-child-process.js';
import { oracleProblems } from './eos-oracle.js';
import { eosInput, eosTopics } from './eos-topology.js';

const CLICKS = 2400;
const ROUNDS = 2;

/**
 * The exactly-once chaos scenario over the Kafka protocol: the input arrives while an app process
 * (kafka adapter, one transactional producer per task) is killed — once between sendOffsets and
 * commit, then at seeded progress — and restarted; at the end the read_committed output and an IQ
 * dump of the store equal the oracle. `name` keeps topics, group and transactional ids apart on a
 * shared cluster.
 */
export async function kafkaEosChaosScenario(bootstrap: string, name: string, defaultSeed: number): Promise<void> {
  const seed = Number(process.env.EOS_CHAOS_SEED ?? defaultSeed);
  const rand = seededRandom(seed);
  const root = mkdtempSync(join(tmpdir(), `${name}-`));
  let cluster: Cluster | null = null;
  const log: string[] = [];
  try {
    cluster = kafka({ brokers: [bootstrap], clientId: `${name}-test`, logLevel: 'error' });
    await cluster.connect();
    const t = eosTopics(name);
    const input = eosInput(CLICKS, 30, rand);
    await cluster.admin.createTopics([t.clicks, t.users, t.counts, t.enriched].map((topic) => ({ name: topic, partitions: 2 })));
    const producer = cluster.producer();
    await producer.connect();
    // Current timestamps: Apache Kafka's retention (7 days by default, checked every 5 minutes)
    // would otherwise delete the records of every topic (the app's repartition topics included) mid-run.
    const base = Date.now();
    await producer.send(t.users, input.users.map(([k, v]) => ({ key: Buffer.from(k), value: Buffer.from(v), timestamp: base })));
    const args = [`kafka:${bootstrap}`, `${name}-app`, name, join(root, 'state'), String(CLICKS)];
    const chunk = CLICKS / (ROUNDS + 1);
    const sendChunk = async (i: number): Promise<void> => {
      const part = input.clicks.slice(i * chunk, (i + 1) * chunk);
      await producer.send(t.clicks, part.map(([k, v], j) => ({ key: Buffer.from(k), value: Buffer.from(v), timestamp: base + 1000 + i * chunk + j })));
    };

    // Input arrives while the app runs; round 0 dies inside a commit, the others at seeded progress.
    for (let round = 0; round < ROUNDS; round++) {
      const env: Record<string, string> = round === 0 ? { EOS_KILL_AFTER_SEND_OFFSETS: String(6 + Math.floor(rand() * 6)) } : {};
      const child = new EosChild(args, env);
      const started = Date.now();
      await child.waitForLine('STATE RUNNING', 40_000);
      const runningAfter = Date.now() - started;
      await sendChunk(round);
      if (round === 0) {
        const exit = await Promise.race([child.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000).unref())]);
        expect(exit?.signal, `round 0 should kill itself inside a commit (seed ${seed}):\n${child.tail()}`).toBe('SIGKILL');
      } else {
        const target = Math.floor(chunk * (round + 0.2 + rand() * 0.6));
        await waitFor(() => child.done || child.progress() >= target, { timeoutMs: 30_000, intervalMs: 5, message: `progress ${target}` }).catch(async (error: unknown) => {
          throw new Error(`${(error as Error).message} (seed ${seed})\n${log.join('\n')}\n${child.tail(30)}\n${await offsetsReport(cluster!, name)}`);
        });
        await child.kill9();
      }
      log.push(`round ${round} (running after ${runningAfter} ms): ${child.lines.filter((l) => l.startsWith('PROGRESS')).at(-1) ?? ''}; ${child.lines.filter((l) => /^(RESTORED|KILL|FATAL)/.test(l)).join(' | ')}`);
    }

    const last = new EosChild(args);
    await last.waitForLine('STATE RUNNING', 40_000);
    await sendChunk(ROUNDS);
    const dumpLine = await last.waitForLine('DUMP ', 40_000);
    expect((await last.exited).code, last.tail()).toBe(0);
    const dump = JSON.parse(dumpLine.slice('DUMP '.length)) as [string, number][];
    await producer.disconnect();

    const records = await readCommitted(cluster, [t.counts, t.enriched], 2 * CLICKS);
    if (process.env.EOS_CHAOS_VERBOSE) console.log(log.join('\n'));
    expect(oracleProblems(t, records, input, dump), `seed ${seed}\n${log.join('\n')}`).toEqual([]);
    expect(records.length).toBe(2 * CLICKS);
  } finally {
    await killAllChildren();
    await cluster?.disconnect();
    if (process.env.EOS_CHAOS_KEEP) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/** HW and LSO of every partition plus the app's committed offsets: what a stuck run needs to show. */
async function offsetsReport(cluster: Cluster, name: string): Promise<string> {
  const topics = (await cluster.admin.listTopics()).filter((t) => t.startsWith(name));
  const reqs = topics.flatMap((topic) => [0, 1].map((partition) => ({ topic, partition, spec: 'latest' as const })));
  const hw = await cluster.admin.listOffsets(reqs);
  const lso = await cluster.admin.listOffsets(reqs, { isolationLevel: 'read_committed' });
  const committed = await cluster.admin.committedOffsets(`${name}-app`);
  return [
    ...hw.map((h, i) => `${h.topic}-${h.partition} hw ${h.offset} lso ${lso[i]!.offset}`),
    ...committed.map((c) => `committed ${c.topic}-${c.partition} ${c.offset}`),
  ].join('\n');
}
