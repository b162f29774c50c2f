import { parseTaskId } from '../tasks/task-id.js';

/** One instance as the assignor sees it. */
export interface ClientState {
  readonly id: string;
  readonly prevActive: ReadonlySet<string>;
  readonly prevStandby: ReadonlySet<string>;
  readonly taskOffsetSums: Readonly<Record<string, number>>;
}

export interface TaskAssignment {
  readonly active: Map<string, string[]>;
  readonly standby: Map<string, string[]>;
}

/**
 * Places tasks on clients: balanced by count (no client more than one above another), sticky
 * (a client keeps the active tasks it had), failover-aware (an orphaned task goes to the client
 * holding the most of its state, usually its standby), and standbys (for stateful tasks only) on
 * clients other than the active, preferring clients that already hold the task's state.
 */
export function assignTasks(
  tasks: readonly string[],
  clients: readonly ClientState[],
  numStandbys: number,
  isStateful: (task: string) => boolean = () => true,
): TaskAssignment {
  const active = new Map<string, string[]>(clients.map((c) => [c.id, []]));
  const standby = new Map<string, string[]>(clients.map((c) => [c.id, []]));
  if (clients.length === 0) return { active, standby };
  // Partition-major order spreads each sub-topology's tasks (and so its state) over the clients.
  const sorted = [...tasks].sort((a, b) => {
    const x = parseTaskId(a);
    const y = parseTaskId(b);
    return x.partition - y.partition || x.subtopology - y.subtopology;
  });
  const capacity = Math.ceil(sorted.length / clients.length);
  const load = (id: string): number => active.get(id)!.length;
  const owner = new Map<string, string>();
  const give = (task: string, id: string): void => {
    active.get(id)!.push(task);
    owner.set(task, id);
  };
  // 1. Sticky: previous owners keep their tasks up to capacity.
  for (const task of sorted) {
    const prev = clients.find((c) => c.prevActive.has(task) && load(c.id) < capacity);
    if (prev !== undefined) give(task, prev.id);
  }
  // 2. The rest: most caught-up client with room, then the least loaded.
  for (const task of sorted) {
    if (owner.has(task)) continue;
    const withRoom = clients.filter((c) => load(c.id) < capacity);
    const pool = withRoom.length > 0 ? withRoom : clients;
    const best = [...pool].sort(
      (a, b) => offsetSum(b, task) - offsetSum(a, task) || load(a.id) - load(b.id) || (a.id < b.id ? -1 : 1),
    )[0]!;
    give(task, best.id);
  }
  // 3. Standbys on other clients, preferring ones holding state, then the fewest standbys.
  const standbyLoad = (id: string): number => standby.get(id)!.length;
  for (let round = 0; round < numStandbys; round++) {
    for (const task of sorted) {
      if (!isStateful(task)) continue;
      const candidates = clients.filter((c) => c.id !== owner.get(task) && !standby.get(c.id)!.includes(task));
      if (candidates.length === 0) continue;
      const best = candidates.sort(
        (a, b) =>
          Number(b.prevStandby.has(task) || b.prevActive.has(task)) - Number(a.prevStandby.has(task) || a.prevActive.has(task)) ||
          standbyLoad(a.id) - standbyLoad(b.id) ||
          (a.id < b.id ? -1 : 1),
      )[0]!;
      standby.get(best.id)!.push(task);
    }
  }
  return { active, standby };
}

function offsetSum(c: ClientState, task: string): number {
  if (c.prevActive.has(task)) return Number.MAX_SAFE_INTEGER;
  return c.taskOffsetSums[task] ?? (c.prevStandby.has(task) ? 0 : -1);
}
