import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Producer, ProducerRecord } from '@tributary/client';
import { TransactionGenerator } from '../generator/transaction-generator.js';

export interface GeneratorLoopOptions {
  /** Wall-clock records per second; Infinity replays as fast as the cluster takes them. */
  readonly recordsPerSecond: number;
  /** Stop after this many records (undefined: run until stopped). */
  readonly maxRecords: number | undefined;
  /** Small JSON file remembering the run number and simulated clock, so a restart resumes later in time. */
  readonly stateFile: string | null;
  readonly seed: number;
}

interface GeneratorState {
  readonly runs: number;
  readonly clock: number;
}

/** Feeds generated transactions to the cluster in batches until stopped or bounded. */
export class GeneratorLoop {
  produced = 0;
  private stopped = false;
  private readonly generator: TransactionGenerator;
  private readonly run: number;
  private done: Promise<void> | null = null;

  constructor(
    private readonly producer: Producer,
    private readonly options: GeneratorLoopOptions,
  ) {
    const prior = readState(options.stateFile);
    this.run = (prior?.runs ?? 0) + 1;
    // Event time runs 10x faster than the wall clock, so windows close every few seconds.
    this.generator = new TransactionGenerator({
      seed: options.seed,
      runSeed: options.seed + this.run,
      startTime: Math.max(Date.now(), (prior?.clock ?? 0) + 60_000),
      meanGapMs: 50,
      idPrefix: `r${this.run}`,
    });
  }

  start(): Promise<void> {
    this.done ??= this.loop();
    return this.done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async loop(): Promise<void> {
    await this.send(this.generator.referenceData());
    const began = Date.now();
    while (!this.stopped && (this.options.maxRecords === undefined || this.produced < this.options.maxRecords)) {
      const batch = [];
      while (batch.length < 200) batch.push(...this.generator.next());
      const room = this.options.maxRecords === undefined ? batch.length : this.options.maxRecords - this.produced;
      await this.send(batch.slice(0, room));
      writeState(this.options.stateFile, { runs: this.run, clock: this.generator.now() });
      const due = began + (this.produced / this.options.recordsPerSecond) * 1000;
      if (Number.isFinite(due) && due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
  }

  private async send(records: readonly { topic: string; key: string; value: Buffer; timestamp: number }[]): Promise<void> {
    const byTopic = new Map<string, ProducerRecord[]>();
    for (const r of records) {
      let list = byTopic.get(r.topic);
      if (list === undefined) byTopic.set(r.topic, (list = []));
      list.push({ key: Buffer.from(r.key), value: r.value, timestamp: r.timestamp });
    }
    await this.producer.sendBatch([...byTopic].map(([topic, recs]) => ({ topic, records: recs })));
    this.produced += records.length;
  }
}

function readState(file: string | null): GeneratorState | null {
  if (file === null || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as GeneratorState;
  } catch {
    return null;
  }
}

function writeState(file: string | null, state: GeneratorState): void {
  if (file !== null) writeFileSync(file, JSON.stringify(state));
}
