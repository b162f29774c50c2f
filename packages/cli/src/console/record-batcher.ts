import type { ProducerRecord } from '@tributary/client';

export interface RecordBatcherOptions {
  /** Sends one batch; batches are sent one at a time, in order. */
  send(records: readonly ProducerRecord[]): Promise<void>;
  /** Send once this many records are waiting. */
  readonly maxRecords: number;
  /** Or once this many value+key bytes are waiting. */
  readonly maxBytes: number;
  /** Send a partial batch after this long without filling it (interactive typing). */
  readonly lingerMs: number;
}

/**
 * Collects console lines into batches and sends them in order, one at a time. `add` returns a
 * promise only when the caller should wait (a full batch is being sent), which gives piped
 * input backpressure without an await per line.
 */
export class RecordBatcher {
  private pending: ProducerRecord[] = [];
  private pendingBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  private timer: NodeJS.Timeout | undefined;
  private sentRecords = 0;

  constructor(private readonly options: RecordBatcherOptions) {}

  /** Records handed to `send` that resolved. */
  get sent(): number {
    return this.sentRecords;
  }

  add(record: ProducerRecord): Promise<void> | undefined {
    this.throwIfFailed();
    this.pending.push(record);
    this.pendingBytes += (record.value?.length ?? 0) + (record.key?.length ?? 0);
    if (this.pending.length >= this.options.maxRecords || this.pendingBytes >= this.options.maxBytes) {
      return this.flush();
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        // Failures surface on the next add() or flush().
        this.flush().catch(() => undefined);
      }, this.options.lingerMs);
    }
    return undefined;
  }

  /** Sends what is waiting and resolves when everything handed in so far was sent. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.pendingBytes = 0;
      this.chain = this.chain.then(async () => {
        if (this.failure !== undefined) return;
        try {
          await this.options.send(batch);
          this.sentRecords += batch.length;
        } catch (err) {
          this.failure ??= err;
        }
      });
    }
    return this.chain.then(() => this.throwIfFailed());
  }

  /** Stops the linger timer without sending (used when giving up after an error). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
