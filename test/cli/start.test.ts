import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tmpHome } from './helpers.js';
import { electronPackage, findElectronBinary } from '../../electron/shell/electron-binary.js';

describe('npm start (bin/start.js)', () => {
  it('without Electron’s binary: says so in one line, then serves web mode and prints the URL within seconds', async (ctx) => {
    if (findElectronBinary(electronPackage(ROOT), {}).path) ctx.skip(); // Electron is installed here: start launches the app instead
    const home = tmpHome();
    const t0 = Date.now();
    // Electron's installer runs first; its download host here is a closed local port (tests never use the network)
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(home, 'electron-cache') };
    delete env.MTLW_WEB;
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/start.js'), '--home', home], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    expect(lines[0]).toMatch(/^Electron's binary is not installed: running Electron's installer/);
    expect(lines.find((l) => l.startsWith('Starting web mode'))).toMatch(/^Starting web mode instead of the desktop app: Electron's installer failed: .+\.$/);
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
