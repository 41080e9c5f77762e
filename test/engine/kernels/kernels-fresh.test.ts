// The committed wasm module must be the one built from the committed C source: editing kernels.c
// without `npm run build:kernels` would otherwise ship kernels that the tests never ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const check = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts/build-kernels.js'), '--check', ...args], { cwd: root, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'mtlw-kernels-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated wasm kernels', () => {
  it('were built from the committed kernels.c', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('are reported stale, with what to run, when kernels.c is edited', () => {
    const edited = join(dir, 'kernels.c');
    writeFileSync(edited, readFileSync(join(root, 'electron/engine/kernels/simd/kernels.c'), 'utf8') + '\n// an edit\n');
    const r = check('--source', edited);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/was built from another .*kernels\.c.*run npm run build:kernels/);
  });
});
