import { TributaryError } from '@tributary/protocol';

/** A task stopped on a record (or punctuation) its exception handler refused to skip. */
export class TaskFailedError extends TributaryError {
  constructor(
    readonly taskId: string,
    failure: unknown,
  ) {
    super('TASK_FAILED', `task ${taskId} failed: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
  }
}
