import { InMemoryInternalLog } from '../internal-log.js';
import { ManualScheduler } from '../scheduler.js';
import { GroupCoordinator } from './group-coordinator.js';
import type { GroupCoordinatorOptions } from './group-coordinator.js';
import type { JoinGroupRequest, JoinGroupResponse } from './types.js';

/** Lets pending promise callbacks (in-memory log appends, resolved waiters) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Tracks a promise's outcome so tests can assert "still held" without awaiting it. */
export function track<T>(p: Promise<T>): { readonly done: boolean; readonly value?: T; readonly error?: unknown; promise: Promise<T> } {
  const t: { done: boolean; value?: T; error?: unknown; promise: Promise<T> } = { done: false, promise: p };
  p.then(
    (v) => {
      t.done = true;
      t.value = v;
    },
    (e: unknown) => {
      t.done = true;
      t.error = e;
    },
  );
  return t;
}

export function makeCoordinator(overrides: Partial<GroupCoordinatorOptions> = {}, log = new InMemoryInternalLog(), scheduler = new ManualScheduler(1_000_000)) {
  const gc = new GroupCoordinator({ log, scheduler, initialRebalanceDelayMs: 0, offsetsTopicPartitions: 3, ...overrides });
  return { gc, log, scheduler };
}

export function joinReq(memberId: string, extra: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: 'g',
    memberId,
    clientId: 'client',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('m') }],
    requireKnownMemberId: false,
    ...extra,
  };
}

/** Joins with an empty id (no MEMBER_ID_REQUIRED round) and returns the held promise. */
export function join(gc: GroupCoordinator, extra: Partial<JoinGroupRequest> = {}): Promise<JoinGroupResponse> {
  return gc.joinGroup(joinReq('', extra));
}
