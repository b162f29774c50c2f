// `npm run bench -- <name> [args...]` runs bench/<name>.ts; with no name, lists what exists.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  const problem = name === undefined ? 'no benchmark named' : `unknown benchmark "${name}"`;
  process.stderr.write(`${problem}; available: ${available.join(', ') || '(none)'}\nusage: npm run bench -- <name>\n`);
  process.exit(name === undefined ? 0 : 1);
}
// Leave the benchmark's own arguments in place of ours.
process.argv.splice(2, 1);
await import(pathToFileURL(join(here, `${name}.ts`)).href);
