// `npm run dist` cannot run here (it needs Electron's binary), so its inputs are checked against what
// electron-builder requires and does: read from its own source where that decides.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(s: string): unknown };
const semver = require('semver') as { intersects(a: string, b: string): boolean; satisfies(v: string, r: string): boolean };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('packaging (electron-builder.yml, package.json)', () => {
  it("the deb keeps electron-builder's default dependencies (no deb.depends replacing them)", () => {
    const fpm = fs.readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/out/targets/FpmTarget.js'), 'utf8');
    // electron-builder: a depends list, when given, replaces the defaults (GTK, libnss3, libxss, xdg-utils, …)
    expect(fpm).toMatch(/const depends = options\.depends;[\s\S]{0,200}customDepends = depends/);
    expect(config.deb?.depends).toBeUndefined();
    expect(config.linux?.depends).toBeUndefined();
  });

  it('package.json has what the deb target and the window title need: homepage, author, productName', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author).toBeTruthy();
    expect(pkg.productName).toBe('MTL Workbench');
    expect(config.productName).toBe(pkg.productName);
    expect(pkg.main).toBe('out/electron/main.cjs');
  });

  it('native modules are rebuilt for Electron and unpacked; the worker is packed with its packages', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**']));
    // the worker stays in the archive beside the packages it requires (startup.test.ts: its path)
    expect(config.asarUnpack).not.toContain('out/electron/worker.cjs');
    expect(config.files).toEqual(expect.arrayContaining(['out/electron/**', 'dist/renderer/**']));
  });

  it("engines admits the Node versions Electron's installer runs on (it loads an ES module with require())", () => {
    const getEngines = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electron/get/package.json'), 'utf8')).engines.node;
    expect(semver.intersects(pkg.engines.node, getEngines)).toBe(true);
    for (const v of ['20.19.0', '22.12.0', '24.0.0']) expect(semver.satisfies(v, pkg.engines.node), v).toBe(true);
    for (const v of ['20.6.0', '20.18.0', '21.7.0', '22.11.0']) expect(semver.satisfies(v, pkg.engines.node), v).toBe(false);
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
