// Native modules and Electron: which ones are tied to one runtime's ABI, and how a wrong build is reported.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { bindingPath, bindingProblem, isNativeLoadError, nativeAbi, nativeLoadMessage } from '../../electron/shell/native-binding.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE_SQLITE = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-native-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The .node files the app can load: production dependencies (dev tools such as rollup and Electron's own unzipper left out). */
function appAddons(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const prod = new Set<string>();
  const visit = (name: string) => {
    if (prod.has(name)) return;
    const file = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!fs.existsSync(file)) return; // an optional dependency that did not install here
    prod.add(name);
    const p = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const d of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) visit(d);
  };
  for (const d of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(d);
  const files: string[] = [];
  for (const name of prod) {
    const dir = path.join(ROOT, 'node_modules', name);
    for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const f = path.join(e.parentPath, e.name);
      if (e.isFile() && e.name.endsWith('.node') && !/[\\/](obj\.target|test)[\\/]|test_extension/.test(f)) files.push(path.relative(ROOT, f));
    }
  }
  return files.sort();
}

describe('native modules for Node and Electron', () => {
  it('better-sqlite3 is the only V8-ABI module the app loads; every other one (Dawn, msgpackr, tfjs-node when installed) is N-API', () => {
    const addons = appAddons();
    expect(addons.length).toBeGreaterThan(1);
    const byKind: Record<string, string[]> = {};
    for (const f of addons) (byKind[nativeAbi(path.join(ROOT, f)).kind] ??= []).push(f);
    expect(byKind.v8).toEqual([path.join('node_modules/better-sqlite3/build/Release/better_sqlite3.node')]);
    expect(byKind.unknown ?? []).toEqual([]);
    expect(byKind.napi!.some((f) => f.includes('webgpu'))).toBe(true);
    expect(nativeAbi(NODE_SQLITE)).toEqual({ kind: 'v8', abi: Number(process.versions.modules) });
  });

  it('a build is checked against the ABI before it is used, with a message naming the file and both ABIs', () => {
    expect(bindingProblem(NODE_SQLITE, Number(process.versions.modules))).toBeNull();
    expect(bindingProblem(NODE_SQLITE, 150)).toBe(`${NODE_SQLITE} is built for ABI ${process.versions.modules}, not ABI 150`);
    expect(bindingProblem(path.join(work, 'none.node'), 150)).toMatch(/does not exist$/);
    expect(bindingPath('/c', { sqliteVersion: '12.1.0', abi: 150, platform: 'linux', arch: 'x64' })).toBe(path.join('/c', 'better-sqlite3-12.1.0', 'abi150-linux-x64', 'better_sqlite3.node'));
  });

  it('a module that cannot load is recognised as a native-module problem, not a store one; the message says what to run', () => {
    const errors: unknown[] = [];
    for (const [name, bytes] of [['truncated.node', fs.readFileSync(NODE_SQLITE).subarray(0, 64)], ['text.node', Buffer.from('not a shared object')]] as const) {
      const file = path.join(work, name);
      fs.writeFileSync(file, bytes);
      try {
        new Database(':memory:', { nativeBinding: file }).close();
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(isNativeLoadError(e), String(e)).toBe(true);
    expect(isNativeLoadError(new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 150.'))).toBe(true);
    expect(isNativeLoadError(new Error('SQLITE_CANTOPEN: unable to open database file'))).toBe(false);
    const dev = nativeLoadMessage('x', false);
    expect(dev).toContain('node bin/start.js --prepare-native');
    expect(dev).toContain('npm start -- --web');
    expect(nativeLoadMessage('x', true)).toContain('reinstall MTL Workbench');
  });
});
