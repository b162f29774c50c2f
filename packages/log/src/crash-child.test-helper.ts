// Child process of crash.test.ts: appends with the default group commit from several concurrent
// appenders and prints "<baseOffset> <writer> <seq>" for every acknowledged append, until killed.
import { Log } from './log.js';
import { crashBatch } from './crash-batch.test-helper.js';

const [dir, writersArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-child <dir> [writers]');
const writers = Number(writersArg ?? 4);

const log = await Log.open({ dir, cleanerIntervalMs: 0 });
if (!log.hasTopic('crash')) await log.createTopic('crash', { configs: { 'segment.bytes': 64 * 1024 } });
const p = log.partition('crash', 0);
const start = p.logEndOffset;

async function writer(id: number): Promise<never> {
  for (let seq = 0; ; seq++) {
    const { baseOffset } = await p.append(crashBatch(id, seq, start));
    process.stdout.write(`${baseOffset} ${id} ${seq}\n`);
  }
}

await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));
