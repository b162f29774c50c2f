import { TributaryError } from '@tributary/protocol';

/**
 * Error codes that mean "this thread no longer owns its tasks": a newer producer took the
 * transactional id (fenced), or the group moved on to a generation without this member
 * (Kafka's TaskMigratedException causes under exactly-once).
 */
const MIGRATION_CODES = new Set([
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'UNKNOWN_PRODUCER_ID',
  'COMMIT_FAILED',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
  'REBALANCE_IN_PROGRESS',
]);

/**
 * The thread's tasks migrated to another member while it was not looking (a zombie). Its open
 * transaction is aborted, its tasks are closed dirty (state wiped) and the thread rejoins.
 */
export class TaskMigratedError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TASK_MIGRATED', message, options);
  }
}

/** True for the errors Kafka Streams turns into TaskMigratedException (and for TaskMigratedError itself). */
export function isTaskMigration(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'TASK_MIGRATED' || MIGRATION_CODES.has(code));
}

/** Wraps a migration cause into TaskMigratedError; other errors pass through. */
export function asTaskMigrated(error: unknown, what: string): unknown {
  if (error instanceof TaskMigratedError || !isTaskMigration(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TaskMigratedError(`${what}: ${message}`, { cause: error });
}
