import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.js';

// The README's 20-line example is what a new user copies first: it must run and print what it says.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('README example', () => {
  it('runs as written and prints the count its comment promises', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'README has a ts code block').toBeDefined();
    const dir = mkdtempSync(join(root, 'test/e2e/.readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, code ?? '');
      const result = await runProcess(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', file], {
        cwd: root,
        timeoutMs: 60_000,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe("Map(1) { '/home' => 2 }");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
