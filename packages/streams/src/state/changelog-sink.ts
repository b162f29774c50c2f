/** One change of a store, as written to its changelog topic. */
export interface ChangelogRecord {
  readonly store: string;
  readonly topic: string;
  readonly partition: number;
  readonly key: Buffer;
  /** null is a delete (a tombstone on the compacted changelog). */
  readonly value: Buffer | null;
  readonly timestamp: number;
}

/** Receives changelog writes; supplied by the runtime (producer) or the test driver (capture). */
export interface ChangelogSink {
  send(record: ChangelogRecord): void;
}

export const NOOP_CHANGELOG_SINK: ChangelogSink = { send() {} };
