import type { AssignmentInput, Assignor, MemberAssignment } from '@tributary/client';
import type { TopologyMetadata } from '../tasks/topology-metadata.js';
import { parseTaskId } from '../tasks/task-id.js';
import { decodeAssignment, decodeSubscription, encodeJson, type AssignmentInfo, type SubscriptionInfo } from './assignment-info.js';
import { assignTasks, type ClientState } from './sticky-task-assignor.js';

/**
 * The group's "stream" assignor: members offer their task state in userData; the leader assigns
 * whole tasks (every partition of a task's partition group to one member) and tells everyone
 * who hosts what, for interactive-query routing.
 */
export class StreamPartitionAssignor implements Assignor {
  readonly name = 'stream';
  private latest: AssignmentInfo | null = null;

  constructor(
    private readonly metadata: TopologyMetadata,
    private readonly numStandbys: number,
    private readonly subscription: () => SubscriptionInfo,
  ) {}

  subscriptionUserData(): Buffer | null {
    return encodeJson(this.subscription());
  }

  assign(input: AssignmentInput): Map<string, MemberAssignment> {
    const tasks = this.metadata.tasks(input.partitionCounts);
    const infos = input.members.map((m) => ({ member: m, info: decodeSubscription(m.userData) }));
    const shutdown = infos.some((i) => i.info?.shutdownRequested === true);
    // One client per process: members of one process share its tasks' history.
    const clients: ClientState[] = infos.map(({ member, info }) => ({
      id: member.memberId,
      prevActive: new Set(info?.prevActive ?? []),
      prevStandby: new Set(info?.prevStandby ?? []),
      taskOffsetSums: info?.taskOffsetSums ?? {},
    }));
    const placed = shutdown ? { active: new Map<string, string[]>(), standby: new Map<string, string[]>() } : assignTasks([...tasks.keys()], clients, this.numStandbys, (t) => this.metadata.isStateful(t));
    const hosts: Record<string, { active: string[]; standby: string[] }> = {};
    for (const { member, info } of infos) {
      if (info?.host === null || info?.host === undefined) continue;
      const h = (hosts[info.host] ??= { active: [], standby: [] });
      h.active.push(...(placed.active.get(member.memberId) ?? []));
      h.standby.push(...(placed.standby.get(member.memberId) ?? []));
    }
    const taskCounts: Record<string, number> = {};
    for (const id of tasks.keys()) {
      const { subtopology, partition } = parseTaskId(id);
      taskCounts[subtopology] = Math.max(taskCounts[subtopology] ?? 0, partition + 1);
    }
    const out = new Map<string, MemberAssignment>();
    for (const { member } of infos) {
      const active = placed.active.get(member.memberId) ?? [];
      const standby = placed.standby.get(member.memberId) ?? [];
      const info: AssignmentInfo = { version: 1, active, standby, hosts, taskCounts, error: shutdown ? 'SHUTDOWN_APPLICATION' : null };
      out.set(member.memberId, { partitions: active.flatMap((t) => tasks.get(t) ?? []), userData: encodeJson(info) });
    }
    return out;
  }

  onAssignment(assignment: MemberAssignment): void {
    this.latest = decodeAssignment(assignment.userData);
  }

  /** The assignment info this member last received (null when the adapter could not deliver it). */
  takeAssignment(): AssignmentInfo | null {
    const a = this.latest;
    this.latest = null;
    return a;
  }
}
