// The "bare loop" references: the same per-record work as the DSL topology, written as a plain
// loop over the same in-memory records in one process (no log, no framework). Spawned with one
// JSON argument; prints `RESULT <json>`. Best of `repeats` timed passes.
import { KEY_SPACE, keep, project, records, type Event } from './data.js';
import { cpuSeconds, statusMiB } from './proc-stats.js';

interface BareSpec {
  readonly kind: 'stateless' | 'count';
  readonly n: number;
  readonly seed: number;
  readonly repeats: number;
}

const spec = JSON.parse(process.argv[2]!) as BareSpec;
const input = records(spec.n, spec.seed);
let sink = 0;

/** parse → filter → map → serialize, keys decoded and re-encoded like the String serde does. */
function stateless(): number {
  let out = 0;
  for (let i = 0; i < input.length; i++) {
    const r = input[i]!;
    const key = r.key.toString('utf8');
    const e = JSON.parse(r.value.toString('utf8')) as Event;
    if (!keep(e)) continue;
    const k = Buffer.from(key, 'utf8');
    const v = Buffer.from(JSON.stringify(project(e)), 'utf8');
    out += k.length + v.length;
  }
  return out;
}

/** A Map count per key, each update serialized as (String key, int64 value). */
function count(): number {
  const counts = new Map<string, number>();
  let out = 0;
  for (let i = 0; i < input.length; i++) {
    const key = input[i]!.key.toString('utf8');
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    const k = Buffer.from(key, 'utf8');
    const v = Buffer.allocUnsafe(8);
    v.writeBigInt64BE(BigInt(c), 0);
    out += k.length + v.length;
  }
  return out + (counts.size > KEY_SPACE ? 1 : 0);
}

const fn = spec.kind === 'stateless' ? stateless : count;
let best = Infinity;
const cpu0 = cpuSeconds('self');
for (let rep = 0; rep < spec.repeats; rep++) {
  const t0 = performance.now();
  sink += fn();
  best = Math.min(best, performance.now() - t0);
}
const cpuSec = (cpuSeconds('self') - cpu0) / spec.repeats;
process.stdout.write(`RESULT ${JSON.stringify({ ms: best, peakRssMiB: statusMiB('self', 'VmHWM'), cpuSec, sink })}\n`);
