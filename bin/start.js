#!/usr/bin/env node
// `npm start`: the Electron app where Electron's binary exists; otherwise one line saying so, then web mode.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const electron = process.env.MTLW_WEB ? { path: null, reason: 'MTLW_WEB is set' } : findElectronBinary();

if (electron.path) {
  const main = path.join(root, 'out/electron/main.cjs');
  if (!fs.existsSync(main)) {
    const built = spawnSync(process.execPath, [path.join(root, 'scripts/build-electron.js')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  const child = spawn(electron.path, [main, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  console.log(`Electron's binary is not available here (${electron.reason}); starting web mode instead.`);
  const { register } = await import('tsx/esm/api');
  register();
  const { serve } = await import('../electron/cli/commands/serve.ts');
  const home = args.includes('--home') ? args[args.indexOf('--home') + 1] : undefined;
  const port = Number(process.env.MTLW_PORT ?? process.env.PORT ?? 0) || undefined;
  await serve({ home, port });
}
