import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tmpHome } from './helpers.js';
import { findElectronBinary } from '../../bin/electron-binary.js';

describe('npm start (bin/start.js)', () => {
  it('without Electron’s binary: says so in one line, then serves web mode and prints the URL within seconds', async (ctx) => {
    if (findElectronBinary().path) ctx.skip(); // Electron is installed here: start launches the app instead
    const home = tmpHome();
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/start.js'), '--home', home], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
        if (m) resolve(m[0]);
      });
      child.on('exit', (c) => reject(new Error(`start exited ${c}: ${out}`)));
    });
    const seconds = (Date.now() - t0) / 1000;
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^Electron's binary is not available here \(.+\); starting web mode instead\.$/);
    expect(seconds).toBeLessThan(15);
    const page = await fetch(url);
    const built = fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'));
    expect(page.status).toBe(built ? 200 : 503);
    if (built) expect(await page.text()).toMatch(/<div id="app"|<script/);
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    console.log(`npm start → web mode URL in ${seconds.toFixed(1)} s`);
  });
});
