/** Progress of one store partition restoring (or a standby catching up) from its changelog. */
export interface RestorationEvent {
  readonly type: 'start' | 'progress' | 'end';
  readonly taskId: string;
  readonly store: string;
  readonly topic: string;
  readonly partition: number;
  /** Offset restoration began at (the checkpoint, or 0 after a wipe). */
  readonly startOffset: number;
  /** Changelog end offset captured when the task was assigned. */
  readonly endOffset: number;
  /** Records applied so far in this restoration. */
  readonly restored: number;
  /** endOffset - current position (0 at the end). */
  readonly remaining: number;
}
