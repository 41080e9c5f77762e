// The built preload, evaluated the way Electron's sandboxed renderer does (lib/sandboxed_renderer/preload.ts):
// its source becomes the body of a function of (require, process, exports, module, Buffer, global, setImmediate,
// clearImmediate); there is no __filename, no __dirname, and require knows only what the stand-in offers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PRELOAD_PARAMS = ['require', 'process', 'exports', 'module', 'Buffer', 'global', 'setImmediate', 'clearImmediate'];

/** The preload bundle's source, built now into a private folder (the shared out/ may be rebuilt meanwhile). */
export function buildPreload(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-preload-'));
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-electron.js'), '--no-sourcemap', '--only=preload', `--outdir=${dir}`], { cwd: ROOT, stdio: 'pipe' });
    return fs.readFileSync(path.join(dir, 'preload.cjs'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The stand-in for require('electron') etc., as source: an expression that takes a host (see the file). */
export const STAND_IN_SOURCE = fs.readFileSync(path.join(import.meta.dirname, 'electron-stand-in.js'), 'utf8');

/**
 * A script for a page: builds the stand-in on the page's window, with `invoke` and the event sink named by the
 * two globals, then runs the preload as the sandbox does.
 */
export function sandboxedPreloadScript(preloadSource: string, bindings: { invoke: string; deliver: string }): string {
  return `(() => {
  const electron = (${STAND_IN_SOURCE.trim()})({
    world: window,
    invoke: (channel, args) => window[${JSON.stringify(bindings.invoke)}](channel, args),
    onDeliver: (fn) => Object.defineProperty(window, ${JSON.stringify(bindings.deliver)}, { value: fn }),
  });
  const preload = (function (${PRELOAD_PARAMS.join(', ')}) {
${preloadSource}
  });
  const module = { exports: {} };
  preload(electron.require, electron.process, module.exports, module, undefined, window, (fn) => setTimeout(fn, 0), clearTimeout);
})();`;
}
