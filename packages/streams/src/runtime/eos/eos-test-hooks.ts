/** Points of the exactly-once commit cycle a test can stop at (e.g. to kill -9 between offsets and commit). */
export type EosCommitStage = 'beforeSendOffsets' | 'afterSendOffsets';

/** Called with the transactional id at each stage; may return a promise to hold the thread there. */
export type EosCommitHook = (stage: EosCommitStage, transactionalId: string) => void | Promise<void>;

let hook: EosCommitHook | null = null;

/**
 * Test-only: installs (or with null removes) a process-wide hook into every exactly-once commit.
 * Not exported from the package index; chaos tests import this file directly.
 */
export function setEosCommitHook(h: EosCommitHook | null): void {
  hook = h;
}

export function runEosCommitHook(stage: EosCommitStage, transactionalId: string): void | Promise<void> {
  return hook?.(stage, transactionalId);
}
