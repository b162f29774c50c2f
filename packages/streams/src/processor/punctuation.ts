export type PunctuationType = 'STREAM_TIME' | 'WALL_CLOCK_TIME';

/** Called with the current stream time or wall-clock time (not the scheduled time). */
export type Punctuator = (timestamp: number) => void;

export interface Cancellable {
  cancel(): void;
}
