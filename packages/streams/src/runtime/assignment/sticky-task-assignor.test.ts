import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignTasks, type ClientState } from './sticky-task-assignor.js';

const client = (id: string, prevActive: string[] = [], prevStandby: string[] = [], sums: Record<string, number> = {}): ClientState => ({
  id,
  prevActive: new Set(prevActive),
  prevStandby: new Set(prevStandby),
  taskOffsetSums: sums,
});
const tasks = (subs: number, parts: number): string[] => Array.from({ length: subs * parts }, (_, i) => `${Math.floor(i / parts)}_${i % parts}`);

describe('assignTasks', () => {
  it('property (oracle: every task exactly once, loads differ by at most one, no standby beside its active)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }), (subs, parts, n, standbys) => {
        const all = tasks(subs, parts);
        const clients = Array.from({ length: n }, (_, i) => client(`m${i}`));
        const { active, standby } = assignTasks(all, clients, standbys);
        const placed = [...active.values()].flat().sort();
        expect(placed).toEqual([...all].sort());
        const loads = [...active.values()].map((l) => l.length);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
        for (const [id, list] of standby) for (const t of list) expect(active.get(id)).not.toContain(t);
        for (const t of all) expect([...standby.values()].filter((l) => l.includes(t)).length).toBe(Math.min(standbys, n - 1));
      }),
      { numRuns: 100 },
    );
  });

  it('is sticky: a member keeps its previous tasks when it has room', () => {
    const all = tasks(2, 2);
    const { active } = assignTasks(all, [client('a', ['0_1', '1_1']), client('b', ['0_0', '1_0'])], 0);
    expect(active.get('a')!.sort()).toEqual(['0_1', '1_1']);
    expect(active.get('b')!.sort()).toEqual(['0_0', '1_0']);
  });

  it('gives an orphaned task to the member holding its warm state (standby), and spreads sub-topologies', () => {
    const { active } = assignTasks(['0_0', '1_0'], [client('a'), client('b', [], ['1_0'], { '1_0': 500 })], 0);
    expect(active.get('b')).toEqual(['1_0']);
    expect(active.get('a')).toEqual(['0_0']);
  });

  it('places standbys only for stateful tasks, preferring members that held the task', () => {
    const { standby } = assignTasks(['0_0', '1_0'], [client('a', ['1_0']), client('b'), client('c', [], ['1_0'])], 1, (t) => t.startsWith('1_'));
    expect([...standby.values()].flat()).toEqual(['1_0']);
    expect(standby.get('c')).toEqual(['1_0']);
  });
});
