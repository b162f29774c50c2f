import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TributaryError } from '@tributary/protocol';

/** A checkpoint file could not be parsed; the task's local state must be wiped and restored. */
export class CorruptCheckpointError extends TributaryError {
  constructor(path: string, why: string) {
    super('CORRUPT_CHECKPOINT', `checkpoint ${path} is corrupt: ${why}`);
  }
}

/** Changelog offsets a task's stores hold: `<topic>\u0000<partition>` → next offset to restore from. */
export type CheckpointOffsets = ReadonlyMap<string, number>;

const VERSION = 0;

export function checkpointKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/**
 * `<stateDir>/<appId>/<taskId>/.checkpoint`: a version line, an entry count, then one
 * `topic partition offset` line per changelog partition (Kafka's text layout). The offset is the
 * next changelog offset to read. Written to a temp file and renamed, so a crash leaves the old
 * file or the new one, never half of one.
 */
export class CheckpointFile {
  constructor(readonly path: string) {}

  /** null when there is no file (first start, or an unclean shutdown wiped it). */
  async read(): Promise<Map<string, number> | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const lines = text.split('\n').filter((l) => l.length > 0);
    if (lines[0] !== String(VERSION)) throw new CorruptCheckpointError(this.path, `unknown version ${lines[0]}`);
    const count = Number(lines[1]);
    if (!Number.isInteger(count) || count !== lines.length - 2) throw new CorruptCheckpointError(this.path, 'entry count does not match');
    const out = new Map<string, number>();
    for (const line of lines.slice(2)) {
      const parts = line.split(' ');
      const offset = Number(parts.pop());
      const partition = Number(parts.pop());
      const topic = parts.join(' ');
      if (topic.length === 0 || !Number.isSafeInteger(partition) || !Number.isSafeInteger(offset) || offset < 0) {
        throw new CorruptCheckpointError(this.path, `bad line "${line}"`);
      }
      out.set(checkpointKey(topic, partition), offset);
    }
    return out;
  }

  async write(offsets: CheckpointOffsets): Promise<void> {
    const lines = [String(VERSION), String(offsets.size)];
    for (const [key, offset] of offsets) {
      const [topic, partition] = key.split('\u0000');
      lines.push(`${topic} ${partition} ${offset}`);
    }
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, `${lines.join('\n')}\n`);
    await rename(tmp, this.path);
  }

  async delete(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
