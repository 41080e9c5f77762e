// Electron's executable for `npm start`: found where Electron's own package puts it, or downloaded by Electron's
// own installer (node_modules/electron/install.js, which honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR,
// electron_config_cache, …) under a time limit, with a progress line. Never `require('electron')`: from Node that
// downloads with no limit and no word to the user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstErrorLine, runNodeScript } from './run-limited.js';

export interface ElectronPackage {
  dir: string;
  version: string;
  /** NODE_MODULE_VERSION of this Electron (its package ships it in abi_version). */
  abi: number;
}

export type Found = { path: string; reason?: undefined } | { path: null; reason: string };

/** The electron package under root's node_modules, or null. */
export function electronPackage(root: string): ElectronPackage | null {
  const dir = path.join(root, 'node_modules', 'electron');
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile)) return null;
  const version = String(JSON.parse(fs.readFileSync(pkgFile, 'utf8')).version);
  const abiFile = path.join(dir, 'abi_version');
  const abi = fs.existsSync(abiFile) ? Number(fs.readFileSync(abiFile, 'utf8').trim()) : NaN;
  return { dir, version, abi };
}

/** The executable's name inside dist/, as Electron's install.js names it. */
export function platformExecutable(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** Where the binary is, as electron/index.js resolves it (ELECTRON_OVERRIDE_DIST_PATH first), without downloading. */
export function findElectronBinary(pkg: ElectronPackage | null, env: NodeJS.ProcessEnv = process.env): Found {
  if (!pkg) return { path: null, reason: 'the electron package is not installed (run npm install)' };
  const pathFile = path.join(pkg.dir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, recorded || platformExecutable());
    return fs.existsSync(p) ? { path: p } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron executable at ${p}` };
  }
  if (!recorded) return { path: null, reason: "Electron's binary has not been downloaded yet" };
  const bin = path.join(pkg.dir, 'dist', recorded);
  return fs.existsSync(bin) ? { path: bin } : { path: null, reason: `Electron's binary is missing (${bin})` };
}

/** Where Electron's installer downloads from and caches to, for the message the user sees. */
export function downloadSource(env: NodeJS.ProcessEnv = process.env): { from: string; cache: string } {
  const from = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/';
  const home = os.homedir();
  const cache =
    env.electron_config_cache ||
    (process.platform === 'darwin'
      ? path.join(home, 'Library/Caches/electron')
      : process.platform === 'win32'
        ? path.join(env.LOCALAPPDATA || path.join(home, 'AppData/Local'), 'electron/Cache')
        : path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron'));
  return { from, cache };
}

/** Whether this Node can run Electron's installer (an ES module loaded with require(): Node 20.19+ or 22.12+). */
export function nodeRunsInstaller(): boolean {
  return (process.features as { require_module?: boolean }).require_module === true;
}

export interface InstallOptions {
  pkg: ElectronPackage;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Progress: called with one line, replaced in place on a terminal. */
  progress(line: string, final?: boolean): void;
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    try {
      total += fs.statSync(path.join(e.parentPath, e.name)).size;
    } catch {
      /* moved meanwhile */
    }
  }
  return total;
}

/** Runs Electron's installer; resolves with the binary, or null and why. */
export async function installElectron(opts: InstallOptions): Promise<Found> {
  const { pkg, env, timeoutMs } = opts;
  if (!nodeRunsInstaller()) {
    return { path: null, reason: `Electron's installer needs Node 20.19+ or 22.12+ (this is Node ${process.version})` };
  }
  const installer = path.join(pkg.dir, 'install.js');
  if (!fs.existsSync(installer)) return { path: null, reason: `${installer} is missing (reinstall the electron package)` };
  // the download lands in a temporary folder of ours, so the progress line can show its size
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-electron-download-'));
  const limitS = Math.round(timeoutMs / 1000);
  const line = (what: string) => `Downloading Electron ${pkg.version}: ${what}`;
  const r = await runNodeScript(installer, [], {
    cwd: pkg.dir,
    env: { ...env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, ELECTRON_GET_NO_PROGRESS: '1' },
    timeoutMs,
    tick: (s) => opts.progress(line(`${(bytesUnder(tmp) / 1e6).toFixed(1)} MB, ${s} s (limit ${limitS} s)`)),
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (r.timedOut) {
    opts.progress(line(`stopped after ${limitS} s`), true);
    return { path: null, reason: `Electron's installer did not finish within ${limitS} s (allow longer with MTLW_ELECTRON_INSTALL_TIMEOUT=seconds)` };
  }
  if (r.code !== 0) {
    opts.progress(line(`failed after ${r.seconds} s`), true);
    const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(r.output) ? ` (no connection to ${new URL(downloadSource(env).from).host}?)` : '';
    return { path: null, reason: `Electron's installer failed: ${firstErrorLine(r.output)}${offline}` };
  }
  opts.progress(line(`done in ${r.seconds} s`), true);
  const found = findElectronBinary(pkg, env);
  return found.path ? found : { path: null, reason: `Electron's installer finished but ${found.reason}` };
}
