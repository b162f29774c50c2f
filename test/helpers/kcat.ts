import { runProcess } from './run-process.js';
import type { ProcessResult } from './run-process.js';

export interface KcatOptions {
  /** Piped to kcat's stdin (e.g. messages for `-P`), then stdin is closed. */
  input?: string | Buffer;
  /** Kill kcat after this long. Default 30 s. */
  timeoutMs?: number;
}

/** Runs `kcat -b <bootstrap> ...args` (librdkafka's CLI) and collects its output. */
export async function runKcat(bootstrap: string, args: readonly string[], options: KcatOptions = {}): Promise<ProcessResult> {
  return await runProcess('kcat', ['-b', bootstrap, ...args], {
    input: options.input,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
}
