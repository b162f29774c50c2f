/** What a member offers when it joins (subscription userData, JSON). */
export interface SubscriptionInfo {
  readonly version: 1;
  /** Stable per instance; several threads of one instance would share it. */
  readonly processId: string;
  /** `application.server` host:port, or null. */
  readonly host: string | null;
  readonly prevActive: readonly string[];
  readonly prevStandby: readonly string[];
  /** Sum of changelog offsets held locally per task: higher means more caught up. */
  readonly taskOffsetSums: Readonly<Record<string, number>>;
  /** Set by a member asking every instance to shut down (SHUTDOWN_APPLICATION). */
  readonly shutdownRequested?: boolean;
}

/** What the leader hands each member (assignment userData, JSON). */
export interface AssignmentInfo {
  readonly version: 1;
  readonly active: readonly string[];
  readonly standby: readonly string[];
  /** host → tasks, for interactive-query routing. */
  readonly hosts: Readonly<Record<string, { readonly active: readonly string[]; readonly standby: readonly string[] }>>;
  /** Partition count of each sub-topology (tasks per sub-topology), for key → task lookups. */
  readonly taskCounts: Readonly<Record<string, number>>;
  /** 'SHUTDOWN_APPLICATION' when some member asked the whole application to stop. */
  readonly error: string | null;
}

export function encodeJson(value: SubscriptionInfo | AssignmentInfo): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function decodeSubscription(b: Buffer | null): SubscriptionInfo | null {
  if (b === null || b.length === 0) return null;
  try {
    const v = JSON.parse(b.toString()) as SubscriptionInfo;
    return v.version === 1 ? v : null;
  } catch {
    return null;
  }
}

export function decodeAssignment(b: Buffer | null): AssignmentInfo | null {
  if (b === null || b.length === 0) return null;
  try {
    const v = JSON.parse(b.toString()) as AssignmentInfo;
    return v.version === 1 ? v : null;
  } catch {
    return null;
  }
}
