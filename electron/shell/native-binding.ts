// better-sqlite3 is built against V8's own API, so one build serves one ABI (NODE_MODULE_VERSION). The Node build in
// node_modules/better-sqlite3/build serves the CLI, web mode and tests; the Electron main process loads a second
// build, kept apart in a cache keyed by better-sqlite3's version and Electron's ABI, through better-sqlite3's
// `nativeBinding` option. Packages need none of this: electron-builder rebuilds the module in place for Electron.
// Every other native dependency is N-API (one binary for Node and Electron): nativeAbi() tells them apart.
import fs from 'node:fs';
import path from 'node:path';

export const SQLITE_ADDON = 'better_sqlite3.node';

/** How the launcher tells the main process which Electron-ABI build to load. */
export const SQLITE_BINDING_ENV = 'MTLW_SQLITE_BINDING';

/** What a .node file was built for, read from the name of the entry point it exports. */
export type AddonAbi = { kind: 'napi' } | { kind: 'v8'; abi: number } | { kind: 'unknown' };

export function nativeAbi(file: string): AddonAbi {
  const text = fs.readFileSync(file).toString('latin1');
  const v8 = /node_register_module_v(\d+)/.exec(text);
  if (v8) return { kind: 'v8', abi: Number(v8[1]) };
  if (text.includes('napi_register_module_v1')) return { kind: 'napi' };
  return { kind: 'unknown' };
}

export interface BindingKey {
  /** better-sqlite3's version (its JS and its binary must match). */
  sqliteVersion: string;
  abi: number;
  platform: string;
  arch: string;
}

/** The default cache: beside the app's node_modules, apart from better-sqlite3's own build folder. */
export function defaultNativeCache(appDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.MTLW_NATIVE_CACHE || path.join(appDir, 'node_modules', '.cache', 'mtl-workbench', 'electron-native');
}

export function bindingPath(cacheRoot: string, key: BindingKey): string {
  return path.join(cacheRoot, `better-sqlite3-${key.sqliteVersion}`, `abi${key.abi}-${key.platform}-${key.arch}`, SQLITE_ADDON);
}

export function sqliteVersion(appDir: string): string {
  return String(JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules/better-sqlite3/package.json'), 'utf8')).version);
}

/** What to run to make the Electron build, for every message that reports it missing or wrong. */
export const PREPARE_COMMAND = 'node bin/start.js --prepare-native';

/** Why a binding cannot serve this ABI, or null when it can. */
export function bindingProblem(file: string, abi: number): string | null {
  if (!fs.existsSync(file)) return `${file} does not exist`;
  const found = nativeAbi(file);
  if (found.kind === 'v8' && found.abi === abi) return null;
  const what = found.kind === 'v8' ? `ABI ${found.abi}` : found.kind === 'napi' ? 'N-API' : 'no recognisable Node ABI';
  return `${file} is built for ${what}, not ABI ${abi}`;
}

/** Whether an error is a native module refusing to load in this runtime (wrong ABI, wrong platform, missing file). */
export function isNativeLoadError(err: unknown): boolean {
  const texts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    texts.push(String((e as Error).message ?? e));
  }
  return texts.some((t) => /NODE_MODULE_VERSION|was compiled against a different Node\.js version|did not self-register|invalid ELF header|file too short|not a valid Win32 application|cannot open shared object file|image not found|\.node: |Could not locate the bindings file/.test(t));
}

/** The message a user sees when the main process cannot load better-sqlite3: what happened, what to run. */
export function nativeLoadMessage(detail: string, isPackaged: boolean): string {
  const fix = isPackaged
    ? 'This installation is damaged: reinstall MTL Workbench.'
    : `Prepare it with \`${PREPARE_COMMAND}\` in the app's folder (it downloads a prebuilt binary, or builds one with a C++ toolchain), or start web mode with \`npm start -- --web\`.`;
  return `The SQLite module (better-sqlite3) is not built for this Electron (ABI ${process.versions.modules}): ${detail}\n\n${fix}`;
}

/** A scratch copy of better-sqlite3 (sources, no build) inside an app folder that @electron/rebuild can walk. */
export function stageSqlite(appDir: string, cacheRoot: string): { app: string; module: string } {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const app = fs.mkdtempSync(path.join(cacheRoot, '.staging-'));
  const src = path.join(appDir, 'node_modules/better-sqlite3');
  const module = path.join(app, 'node_modules/better-sqlite3');
  fs.cpSync(src, module, { recursive: true, filter: (f) => !f.startsWith(path.join(src, 'build')) && !f.startsWith(path.join(src, 'node_modules')) });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'mtlw-native-staging', private: true, dependencies: { 'better-sqlite3': sqliteVersion(appDir) } }));
  return { app, module };
}

/** Moves a built addon into the cache atomically, with a note of where it came from. */
export function storeBinding(built: string, target: string, how: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.copyFileSync(built, tmp);
  fs.renameSync(tmp, target);
  fs.writeFileSync(path.join(path.dirname(target), 'how.txt'), `${how}\n${new Date().toISOString()}\n`);
}
