import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

describe('scripts/build-electron.js', () => {
  it('bundles main, preload and worker; the sandboxed preload requires nothing but electron', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-electron.js'), '--no-sourcemap'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['main', 'preload', 'worker']) expect(fs.existsSync(path.join(root, `out/electron/${name}.cjs`)), name).toBe(true);
    const preload = fs.readFileSync(path.join(root, 'out/electron/preload.cjs'), 'utf8');
    expect([...new Set(preload.match(/require\("[^"]+"\)/g))]).toEqual(['require("electron")']);
    expect(preload).toContain('exposeInMainWorld');
    const main = fs.readFileSync(path.join(root, 'out/electron/main.cjs'), 'utf8');
    // native modules stay outside the bundle (rebuilt for Electron, unpacked from the asar)
    expect(main).toContain('require("better-sqlite3")');
    expect(main).not.toMatch(/require\("\.\.?\//);
  });
});
