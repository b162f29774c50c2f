// CRC32C throughput: native (@node-rs/crc32, used by @tributary/protocol) vs a 256-entry JS table.
// Prints a markdown table. Usage: npm run bench -- crc32c
import { randomBytes } from 'node:crypto';
import { crc32c } from '@tributary/protocol';
import { crc32cTable } from '../packages/protocol/src/crc/crc32c-table.js';

const SIZES: [string, number][] = [
  ['100 B', 100],
  ['1 KiB', 1024],
  ['64 KiB', 64 * 1024],
  ['1 MiB', 1024 * 1024],
];
const TARGET_MS = 400;

/** Best-of-5 throughput in GB/s (10^9 bytes/s), each sample running ~TARGET_MS/5. */
function measure(fn: (b: Uint8Array) => number, buf: Buffer): number {
  let sink = 0;
  // Calibrate iterations so one sample takes roughly TARGET_MS / 5.
  let iters = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) sink ^= fn(buf);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms > TARGET_MS / 20) {
      iters = Math.max(1, Math.ceil((iters * (TARGET_MS / 5)) / ms));
      break;
    }
    iters *= 2;
  }
  let best = 0;
  for (let s = 0; s < 5; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) sink ^= fn(buf);
    const ns = Number(process.hrtime.bigint() - t0);
    best = Math.max(best, (buf.length * iters) / ns);
  }
  if (sink === 0.5) process.stdout.write(''); // keep `sink` alive
  return best;
}

const rows = ['| size | native GB/s | JS table GB/s | native / JS |', '|---:|---:|---:|---:|'];
for (const [label, size] of SIZES) {
  const buf = randomBytes(size);
  if (crc32c(buf) !== crc32cTable(buf)) throw new Error(`implementations disagree at ${label}`);
  const native = measure(crc32c, buf);
  const table = measure(crc32cTable, buf);
  rows.push(`| ${label} | ${native.toFixed(2)} | ${table.toFixed(3)} | ${(native / table).toFixed(1)}× |`);
}
process.stdout.write(`CRC32C throughput (node ${process.version}, ${process.arch})\n\n${rows.join('\n')}\n`);
