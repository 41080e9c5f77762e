// Prepares the Electron-ABI better-sqlite3 before the window opens: from the cache when it is there; else a
// prebuilt binary through prebuild-install (--runtime electron, honouring npm_config_better_sqlite3_binary_host);
// else a build from source through @electron/rebuild (Electron's headers and a C++ toolchain). Both work on a
// scratch copy, so node_modules/better-sqlite3/build (Node's build) is never touched.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bindingPath, bindingProblem, defaultNativeCache, PREPARE_COMMAND, sqliteVersion, SQLITE_ADDON, stageSqlite, storeBinding } from './native-binding.js';
import { firstErrorLine, runNodeScript } from './run-limited.js';

export interface PrepareOptions {
  appDir: string;
  electronVersion: string;
  abi: number;
  env: NodeJS.ProcessEnv;
  platform?: string;
  arch?: string;
  timeoutMs: number;
  progress(line: string, final?: boolean): void;
}

export type Prepared = { path: string; how: 'cached' | 'prebuilt' | 'built'; reason?: undefined } | { path: null; reason: string };

/** A tool's script: resolved as Node would, or read from node_modules where the package's exports hide it. */
function toolPath(appDir: string, request: string): string | null {
  try {
    return createRequire(path.join(appDir, 'package.json')).resolve(request);
  } catch {
    const direct = path.join(appDir, 'node_modules', request);
    return fs.existsSync(direct) ? direct : null;
  }
}

export async function prepareElectronSqlite(opts: PrepareOptions): Promise<Prepared> {
  const { appDir, electronVersion, abi } = opts;
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const version = sqliteVersion(appDir);
  const cache = defaultNativeCache(appDir, opts.env);
  const target = bindingPath(cache, { sqliteVersion: version, abi, platform, arch });
  if (!bindingProblem(target, abi)) return { path: target, how: 'cached' };

  const label = `better-sqlite3 ${version} for Electron ${electronVersion} (ABI ${abi})`;
  // npm settings that aim node-gyp at one Node's headers (nodedir=/usr in some npmrc files) would build for that
  // Node, not for Electron: the tools get their target from their own arguments only
  const env = { ...opts.env };
  for (const k of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|build_from_source)$/i.test(k)) delete env[k];
  const limitS = Math.round(opts.timeoutMs / 1000);
  const failures: string[] = [];
  const stage = stageSqlite(appDir, cache);
  const built = path.join(stage.module, 'build', 'Release', SQLITE_ADDON);
  try {
    const attempts: { how: 'prebuilt' | 'built'; what: string; script: string | null; args: string[]; cwd: string }[] = [
      {
        how: 'prebuilt',
        what: 'downloading a prebuilt binary',
        script: toolPath(appDir, 'prebuild-install/bin.js'),
        args: ['--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, `--platform=${platform}`, '--tag-prefix=v', '--verbose'],
        cwd: stage.module,
      },
      {
        how: 'built',
        what: 'building from source',
        script: toolPath(appDir, '@electron/rebuild/lib/cli.js'),
        args: ['--version', electronVersion, '--module-dir', stage.app, '--only', 'better-sqlite3', '--arch', arch, '--force', '--build-from-source'],
        cwd: stage.app,
      },
    ];
    for (const a of attempts) {
      if (!a.script) {
        failures.push(`${a.what}: its tool is not installed`);
        continue;
      }
      const line = (what: string) => `Preparing ${label}: ${a.what}, ${what}`;
      const r = await runNodeScript(a.script, a.args, { cwd: a.cwd, env, timeoutMs: opts.timeoutMs, tick: (s) => opts.progress(line(`${s} s (limit ${limitS} s)`)) });
      const problem = r.code === 0 && fs.existsSync(built) ? bindingProblem(built, abi) : null;
      if (r.code === 0 && fs.existsSync(built) && !problem) {
        storeBinding(built, target, `${a.how} by ${path.basename(path.dirname(a.script))} for Electron ${electronVersion}`);
        opts.progress(line(`done in ${r.seconds} s`), true);
        return { path: target, how: a.how };
      }
      opts.progress(line(r.timedOut ? `stopped after ${limitS} s` : `failed after ${r.seconds} s`), true);
      failures.push(`${a.what}: ${r.timedOut ? `no result within ${limitS} s` : problem ? problem.replace(built, 'the binary it gave') : firstErrorLine(r.output)}`);
      fs.rmSync(path.join(stage.module, 'build'), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(stage.app, { recursive: true, force: true });
  }
  return { path: null, reason: `${label} could not be prepared (${failures.join('; ')}). When online or with a C++ toolchain, run \`${PREPARE_COMMAND}\`` };
}
