// Top self-time functions of a V8 .cpuprofile (from `--profile`), as file:function and % of
// non-idle samples. Usage: node --import tsx bench/streams/profile-summary.ts <file.cpuprofile> [top=25] [fromS toS]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// Optional window [fromS, toS] in seconds since the profile started (e.g. only the throughput phase).
const [file, topArg, fromArg, toArg] = process.argv.slice(2);
const from = Number(fromArg ?? 0) * 1e6;
const to = Number(toArg ?? Infinity) * 1e6;
if (file === undefined) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top] [fromS] [toS]\n');
  process.exit(0);
}
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
let idle = 0;
let t = 0;
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i]!)!;
  const dt = p.timeDeltas[i] ?? 0;
  t += dt;
  if (t < from || t > to) continue;
  const name = n.callFrame.functionName || '(anonymous)';
  if (name === '(idle)') idle += dt;
  if (name === '(idle)' || name === '(program)') continue;
  const url = n.callFrame.url.replace(/^.*\/work\/main\//, '').replace(/^file:\/\//, '');
  const key = `${url || '(native)'}:${name}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
console.log(`busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`);
for (const [k, v] of [...self].sort((x, y) => y[1] - x[1]).slice(0, Number(topArg ?? 25))) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
