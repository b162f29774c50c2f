import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flush } from '../groups/group-test-kit.test-helper.js';
import { makeTxnWorld } from './txn-test-kit.test-helper.js';

const TIMEOUT = 15_000;
const CHECK = 10_000;
const START = 1_000;
const PARTS = [0, 1];

type Op =
  | { kind: 'init'; txn: number }
  | { kind: 'add'; txn: number; part: number }
  | { kind: 'produce'; txn: number; part: number }
  | { kind: 'offsets'; txn: number; value: number }
  | { kind: 'end'; txn: number; commit: boolean }
  | { kind: 'advance'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('init' as const), txn: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('add' as const), txn: fc.integer({ min: 0, max: 1 }), part: fc.constantFrom(...PARTS) }),
  fc.record({ kind: fc.constant('produce' as const), txn: fc.integer({ min: 0, max: 1 }), part: fc.constantFrom(...PARTS) }),
  fc.record({ kind: fc.constant('offsets' as const), txn: fc.integer({ min: 0, max: 1 }), value: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ kind: fc.constant('end' as const), txn: fc.integer({ min: 0, max: 1 }), commit: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(1_000, 4_000, 12_000) }),
);

/** What a client believes about its transactional producer, and what the oracle expects of the cluster. */
interface Client {
  pid: number;
  epoch: number;
  initialized: boolean;
  fenced: boolean;
  ongoing: boolean;
  startTs: number;
  parts: Set<number>;
  firstOffset: Map<number, number>;
  seq: Map<number, number>;
  pending: number | undefined;
}

describe('TransactionCoordinator property', () => {
  it('visible offsets equal those of committed transactions and the LSO equals the oracle earliest open first offset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const w = await makeTxnWorld();
        const clients: Client[] = [0, 1].map(() => ({
          pid: -1, epoch: -1, initialized: false, fenced: false, ongoing: false, startTs: 0,
          parts: new Set(), firstOffset: new Map(), seq: new Map(), pending: undefined,
        }));
        let visible = -1;
        const id = (i: number) => `tx${i}`;
        const closeTxn = (c: Client, commit: boolean) => {
          if (commit && c.pending !== undefined) visible = c.pending;
          c.ongoing = false;
          c.parts.clear();
          c.firstOffset.clear();
          c.pending = undefined;
        };
        const begin = (c: Client) => {
          if (!c.ongoing) {
            c.ongoing = true;
            c.startTs = w.scheduler.now();
          }
        };
        for (const op of ops) {
          if (op.kind === 'advance') {
            const before = w.scheduler.now();
            w.scheduler.advance(op.ms);
            await flush();
            const now = w.scheduler.now();
            const lastTick = START + Math.floor((now - START) / CHECK) * CHECK;
            for (const c of clients) {
              if (c.ongoing && lastTick > before && c.startTs + TIMEOUT <= lastTick) {
                closeTxn(c, false);
                c.fenced = true;
              }
            }
          } else {
            const c = clients[op.txn]!;
            const ref = { transactionalId: id(op.txn), producerId: c.pid, producerEpoch: c.epoch };
            if (op.kind === 'init') {
              if (c.ongoing) {
                await expect(w.txns.initProducerId({ transactionalId: id(op.txn), transactionTimeoutMs: TIMEOUT })).rejects.toMatchObject({
                  code: 'CONCURRENT_TRANSACTIONS',
                });
                closeTxn(c, false);
              }
              const r = await w.txns.initProducerId({ transactionalId: id(op.txn), transactionTimeoutMs: TIMEOUT });
              Object.assign(c, { pid: r.producerId, epoch: r.producerEpoch, initialized: true, fenced: false });
              c.seq.clear();
            } else if (!c.initialized) {
              continue;
            } else if (c.fenced) {
              await expect(w.txns.addPartitionsToTxn({ ...ref, topics: [{ name: 't', partitions: [0] }] })).rejects.toMatchObject({
                code: 'PRODUCER_FENCED',
              });
            } else if (op.kind === 'add') {
              await w.txns.addPartitionsToTxn({ ...ref, topics: [{ name: 't', partitions: [op.part] }] });
              begin(c);
              c.parts.add(op.part);
            } else if (op.kind === 'produce') {
              if (!c.parts.has(op.part)) continue;
              const seq = c.seq.get(op.part) ?? 0;
              const offset = w.partitions.produce('t', op.part, c.pid, c.epoch, seq, 2);
              c.seq.set(op.part, seq + 2);
              if (!c.firstOffset.has(op.part)) c.firstOffset.set(op.part, offset);
            } else if (op.kind === 'offsets') {
              await w.txns.addOffsetsToTxn({ ...ref, groupId: 'app' });
              begin(c);
              await w.groups.txnOffsetCommit({
                ...ref, groupId: 'app', generationId: -1, memberId: '',
                topics: [{ name: 'in', partitions: [{ partitionIndex: 0, committedOffset: op.value }] }],
              });
              c.pending = op.value;
            } else if (op.kind === 'end') {
              if (!c.ongoing) {
                continue;
              }
              await w.txns.endTxn({ ...ref, committed: op.commit });
              closeTxn(c, op.commit);
            }
          }
          const fetched = await w.groups.offsetFetch({ groupId: 'app', topics: [{ name: 'in', partitionIndexes: [0] }] });
          expect(fetched.topics[0]!.partitions[0]!.committedOffset).toBe(visible);
          for (const part of PARTS) {
            const opens = clients.flatMap((c) => (c.firstOffset.has(part) ? [c.firstOffset.get(part)!] : []));
            const end = w.partitions.part('t', part).end;
            expect(w.partitions.lso('t', part)).toBe(Math.min(end, ...opens));
          }
        }
        w.close();
      }),
      { numRuns: 80 },
    );
  });
});
