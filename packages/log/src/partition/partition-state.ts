import path from 'node:path';
import type { Storage } from '../storage/storage.js';

/** Per-partition checkpoint: Kafka keeps these in log-start-offset / recovery-point files. */
export interface PartitionState {
  logStartOffset: number;
  /** Every byte below this offset was fsynced with its indexes: recovery rescans from here. */
  recoveryPoint: number;
}

const FILE = 'partition.json';

export async function readPartitionState(storage: Storage, dir: string): Promise<PartitionState> {
  const raw = await storage.readFile(path.join(dir, FILE));
  if (!raw) return { logStartOffset: 0, recoveryPoint: 0 };
  try {
    const v = JSON.parse(raw.toString('utf8')) as Partial<PartitionState>;
    const lso = Number.isSafeInteger(v.logStartOffset) ? v.logStartOffset! : 0;
    const rp = Number.isSafeInteger(v.recoveryPoint) ? v.recoveryPoint! : 0;
    return { logStartOffset: lso, recoveryPoint: rp };
  } catch {
    // Written atomically, so this is only hand-edited damage: rescan everything.
    return { logStartOffset: 0, recoveryPoint: 0 };
  }
}

export async function writePartitionState(storage: Storage, dir: string, state: PartitionState): Promise<void> {
  await storage.writeFileAtomic(path.join(dir, FILE), Buffer.from(JSON.stringify(state)));
}
