import { StreamsArgumentError } from '../errors/streams-errors.js';

/** How big a suppression buffer may grow and what happens when it is full. */
export class BufferConfig {
  private constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
    /** 'emit-early' forwards the oldest entries; 'shut-down' fails the task. */
    readonly whenFull: 'emit-early' | 'shut-down',
  ) {}
  static unbounded(): BufferConfig {
    return new BufferConfig(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 'shut-down');
  }
  static maxRecords(n: number): BufferConfig {
    if (!(n >= 0)) throw new StreamsArgumentError('maxRecords must be >= 0');
    return new BufferConfig(n, Number.POSITIVE_INFINITY, 'emit-early');
  }
  static maxBytes(n: number): BufferConfig {
    if (!(n >= 0)) throw new StreamsArgumentError('maxBytes must be >= 0');
    return new BufferConfig(Number.POSITIVE_INFINITY, n, 'emit-early');
  }
  withMaxRecords(n: number): BufferConfig {
    return new BufferConfig(n, this.maxBytes, this.whenFull);
  }
  withMaxBytes(n: number): BufferConfig {
    return new BufferConfig(this.maxRecords, n, this.whenFull);
  }
  emitEarlyWhenFull(): BufferConfig {
    return new BufferConfig(this.maxRecords, this.maxBytes, 'emit-early');
  }
  shutDownWhenFull(): BufferConfig {
    return new BufferConfig(this.maxRecords, this.maxBytes, 'shut-down');
  }
}

/** What KTable.suppress holds back: until the window closes (final results) or for a time limit per key. */
export class Suppressed {
  private constructor(
    readonly kind: 'untilWindowCloses' | 'untilTimeLimit',
    readonly timeLimitMs: number,
    readonly bufferConfig: BufferConfig,
    readonly name: string | undefined,
  ) {}
  /** Emits each window once, when `window end <= stream time - grace`; needs an unbounded or strict buffer. */
  static untilWindowCloses(bufferConfig: BufferConfig): Suppressed {
    if (bufferConfig.whenFull === 'emit-early') throw new StreamsArgumentError('untilWindowCloses needs a buffer that shuts down when full (final results must never be early)');
    return new Suppressed('untilWindowCloses', 0, bufferConfig, undefined);
  }
  /** Holds the latest update per key until `first buffered time <= stream time - timeLimit`. */
  static untilTimeLimit(timeLimitMs: number, bufferConfig: BufferConfig): Suppressed {
    if (!Number.isSafeInteger(timeLimitMs) || timeLimitMs < 0) throw new StreamsArgumentError('time limit must be >= 0 ms');
    return new Suppressed('untilTimeLimit', timeLimitMs, bufferConfig, undefined);
  }
  withName(name: string): Suppressed {
    return new Suppressed(this.kind, this.timeLimitMs, this.bufferConfig, name);
  }
}
