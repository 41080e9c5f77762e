// `npm start`: the desktop app where Electron can run, web mode where it cannot (one line saying why).
// In order: Electron's binary (Electron's own installer when it is missing), the bundles (rebuilt when their
// sources changed), the Electron-ABI SQLite module; then Electron started on the package directory, so the app
// has its own name and data folder. `--web` or MTLW_WEB=1 skips all of it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { bundlesStale } from './bundles.js';
import { downloadSource, electronPackage, findElectronBinary, installElectron, type ElectronPackage, type Found } from './electron-binary.js';
import { prepareElectronSqlite } from './prepare-native.js';
import { SQLITE_BINDING_ENV } from './native-binding.js';

export interface LaunchOptions {
  root: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** One line for the user. */
  say(line: string): void;
  /** A progress line; replaced in place on a terminal, `final` ends it. */
  progress(line: string, final?: boolean): void;
}

export type LaunchPlan =
  | { mode: 'electron'; binary: string; args: string[]; env: NodeJS.ProcessEnv }
  | { mode: 'web'; reason: string; forced: boolean; args: string[] }
  | { mode: 'prepared'; path: string }
  | { mode: 'failed'; reason: string };

const seconds = (v: string | undefined, fallback: number) => (Number(v) > 0 ? Number(v) * 1000 : fallback);

/** Removes the launcher's own flags; the rest go to the app (--home DIR works in both modes). */
export function launcherFlags(argv: string[], env: NodeJS.ProcessEnv): { web: boolean; prepareOnly: boolean; rest: string[] } {
  const rest = argv.filter((a) => a !== '--web' && a !== '--prepare-native');
  const webEnv = env.MTLW_WEB !== undefined && env.MTLW_WEB !== '' && env.MTLW_WEB !== '0';
  return { web: argv.includes('--web') || webEnv, prepareOnly: argv.includes('--prepare-native'), rest };
}

async function electronBinary(pkg: ElectronPackage | null, opts: LaunchOptions): Promise<Found> {
  const found = findElectronBinary(pkg, opts.env);
  if (found.path || !pkg || opts.env.ELECTRON_OVERRIDE_DIST_PATH) return found;
  const timeoutMs = seconds(opts.env.MTLW_ELECTRON_INSTALL_TIMEOUT, 300_000);
  const { from, cache } = downloadSource(opts.env);
  opts.say(
    `Electron's binary is not installed: running Electron's installer to download Electron ${pkg.version} for ${process.platform}-${process.arch} ` +
      `(about 100 MB) from ${from} into ${path.relative(opts.root, path.join(pkg.dir, 'dist')) || pkg.dir} (cached in ${cache}); ` +
      `up to ${Math.round(timeoutMs / 1000)} s. \`npm start -- --web\` skips this.`,
  );
  return installElectron({ pkg, env: opts.env, timeoutMs, progress: opts.progress });
}

function buildBundles(opts: LaunchOptions): string | null {
  const stale = bundlesStale(opts.root);
  if (!stale) return null;
  opts.say(`Building the Electron bundles (${stale})…`);
  const r = spawnSync(process.execPath, [path.join(opts.root, 'scripts/build-electron.js')], { cwd: opts.root, stdio: 'inherit' });
  return r.status === 0 ? null : `building the Electron bundles failed (scripts/build-electron.js exited ${r.status ?? r.signal})`;
}

const prepareSqlite = (pkg: ElectronPackage, opts: LaunchOptions) =>
  prepareElectronSqlite({ appDir: opts.root, electronVersion: pkg.version, abi: pkg.abi, env: opts.env, timeoutMs: seconds(opts.env.MTLW_NATIVE_TIMEOUT, 600_000), progress: opts.progress });

/** Decides how to start, preparing what the desktop app needs on the way. */
export async function planLaunch(opts: LaunchOptions): Promise<LaunchPlan> {
  const flags = launcherFlags(opts.argv, opts.env);
  if (flags.web && !flags.prepareOnly) return { mode: 'web', forced: true, reason: opts.argv.includes('--web') ? '--web was given' : 'MTLW_WEB is set', args: flags.rest };
  const pkg = electronPackage(opts.root);
  const fallback = (reason: string): LaunchPlan => (flags.prepareOnly ? { mode: 'failed', reason } : { mode: 'web', forced: false, reason, args: flags.rest });
  if (!pkg) return fallback('the electron package is not installed (run npm install)');

  if (!flags.prepareOnly) {
    const binary = await electronBinary(pkg, opts);
    if (binary.path === null) return fallback(binary.reason);
    const bundleError = buildBundles(opts);
    if (bundleError) return fallback(bundleError);
    const sqlite = await prepareSqlite(pkg, opts);
    if (sqlite.path === null) return fallback(sqlite.reason);
    const env: NodeJS.ProcessEnv = { ...opts.env, [SQLITE_BINDING_ENV]: sqlite.path };
    delete env.ELECTRON_RUN_AS_NODE; // set by some tools; it would make Electron act as plain Node
    return { mode: 'electron', binary: binary.path, args: [opts.root, ...flags.rest], env };
  }
  const sqlite = await prepareSqlite(pkg, opts);
  return sqlite.path === null ? { mode: 'failed', reason: sqlite.reason } : { mode: 'prepared', path: sqlite.path };
}

/** Prints progress on one line on a terminal (rewritten in place), and every 10 s otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream): (line: string, final?: boolean) => void {
  let lastPrinted = 0;
  return (line, final) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    } else if (final || Date.now() - lastPrinted >= 10_000) {
      lastPrinted = Date.now();
      stream.write(`${line}\n`);
    }
  };
}
