// `npm start`'s launcher (bin/start.js) run for real as a child process. Electron's binary and its prebuilt
// modules come from outside the npm registry, so a local HTTP server on 127.0.0.1 plays the download hosts
// (ELECTRON_MIRROR, npm_config_better_sqlite3_binary_host), and ELECTRON_OVERRIDE_DIST_PATH points at a stand-in
// executable (a small Node script) that records how it was started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { electronPackage, findElectronBinary } from '../../electron/shell/electron-binary.js';
import { nativeAbi, SQLITE_BINDING_ENV } from '../../electron/shell/native-binding.js';
import { bundlesStale } from '../../electron/shell/bundles.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START = path.join(ROOT, 'bin/start.js');
const NODE_SQLITE = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const pkg = electronPackage(ROOT)!;
const SQLITE_VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
const ZIP = `electron-v${pkg.version}-${process.platform}-${process.arch}.zip`;
const PREBUILT = `better-sqlite3-v${SQLITE_VERSION}-electron-v${pkg.abi}-${process.platform}-${process.arch}.tar.gz`;
const hasBinary = !!findElectronBinary(pkg, {}).path;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-launcher-'));
type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Route>();
const requests: string[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes.get(req.url ?? '');
    if (route) route(req, res);
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  fs.rmSync(work, { recursive: true, force: true });
});

/** The environment of a user with no Electron download cached, pointing every download host at our server. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: `${base}/electron/`, electron_config_cache: path.join(work, 'electron-cache'), npm_config_cache: path.join(work, 'npm-cache'), ELECTRON_REBUILD_DIST_URL: `${base}/headers`, ...extra };
  for (const k of ['MTLW_WEB', 'ELECTRON_OVERRIDE_DIST_PATH', SQLITE_BINDING_ENV, 'npm_config_build_from_source', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']) if (!(k in extra)) delete e[k];
  return e;
}

interface Started {
  out: string;
  code: number | null;
  url?: string;
}

/** Runs the launcher until it serves web mode (then stops it) or exits by itself. */
function launch(args: string[], e: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let url: string | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`launcher still running after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const take = (d: Buffer) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m && !url) {
        url = m[0];
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, code, url });
    });
  });
}

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe.skipIf(hasBinary)("npm start where Electron's binary is not installed", () => {
  it('404 from the download host: tries the installer, says so, falls back to web mode in one line', async () => {
    const r = await launch(['--home', path.join(work, 'home-404')], env());
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Electron's binary is not installed: running Electron's installer to download Electron ${pkg.version} .* from ${base}/electron/ into node_modules/electron/dist \\(cached in ${path.join(work, 'electron-cache')}\\); up to 300 s\\.`));
    expect(r.out).toContain(`Starting web mode instead of the desktop app: Electron's installer failed: HTTPError: Response code 404 (Not Found) for ${base}/electron/v${pkg.version}/${ZIP}.`);
    expect(requests).toContain(`/electron/v${pkg.version}/${ZIP}`);
    expect(r.url).toBeDefined();
    expect(fs.existsSync(path.join(pkg.dir, 'path.txt'))).toBe(false);
  });

  it('a download whose checksum does not match is refused: fallback, nothing installed or cached', async () => {
    routes.set(`/electron/v${pkg.version}/${ZIP}`, (_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.concat([Buffer.from('PK\x03\x04'), crypto.randomBytes(4096)])));
    const r = await launch([], env({ MTLW_HOME: path.join(work, 'home-sum') }));
    routes.delete(`/electron/v${pkg.version}/${ZIP}`);
    expect(r.out).toMatch(/Starting web mode instead of the desktop app: Electron's installer failed: .*(checksum|did not match).*\.\n/i);
    expect(r.url).toBeDefined();
    expect(fs.existsSync(path.join(pkg.dir, 'path.txt'))).toBe(false);
    const cached = fs.existsSync(path.join(work, 'electron-cache')) ? fs.readdirSync(path.join(work, 'electron-cache'), { recursive: true }) : [];
    expect(cached.filter((f) => String(f).endsWith('.zip'))).toEqual([]);
  });

  it('a host that never answers: the installer is stopped at its time limit, then web mode', async () => {
    routes.set(`/electron/v${pkg.version}/${ZIP}`, () => undefined); // accepts, never responds
    const r = await launch([], env({ MTLW_HOME: path.join(work, 'home-hang'), MTLW_ELECTRON_INSTALL_TIMEOUT: '3' }));
    routes.delete(`/electron/v${pkg.version}/${ZIP}`);
    expect(r.out).toContain("Starting web mode instead of the desktop app: Electron's installer did not finish within 3 s (allow longer with MTLW_ELECTRON_INSTALL_TIMEOUT=seconds).");
    expect(r.url).toBeDefined();
  });

  it('--web and MTLW_WEB=1 skip Electron altogether', async () => {
    const before = requests.length;
    const viaFlag = await launch(['--web', '--home', path.join(work, 'home-web')], env());
    expect(viaFlag.out.split('\n')[0]).toBe('Starting web mode instead of the desktop app: --web was given.');
    expect(viaFlag.out).toContain(`data folder: ${path.join(work, 'home-web')}`);
    const viaEnv = await launch([], env({ MTLW_WEB: '1', MTLW_HOME: path.join(work, 'home-web') }));
    expect(viaEnv.out.split('\n')[0]).toBe('Starting web mode instead of the desktop app: MTLW_WEB is set.');
    expect(requests.length).toBe(before);
  });
});

describe('Electron bundles', () => {
  it('are stale when missing or older than any source, current otherwise', () => {
    const root = fs.mkdtempSync(path.join(work, 'bundles-'));
    for (const f of ['electron/main.ts', 'shared/api.ts', 'scripts/build-electron.js', 'package.json']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
    expect(bundlesStale(root)).toBe(path.join('out', 'electron', 'main.cjs') + ' is missing');
    const past = new Date(Date.now() - 60_000);
    for (const f of ['electron/main.ts', 'shared/api.ts', 'scripts/build-electron.js', 'package.json']) fs.utimesSync(path.join(root, f), past, past);
    fs.mkdirSync(path.join(root, 'out/electron'), { recursive: true });
    for (const b of ['main.cjs', 'preload.cjs', 'worker.cjs']) fs.writeFileSync(path.join(root, 'out/electron', b), '');
    expect(bundlesStale(root)).toBeNull();
    fs.utimesSync(path.join(root, 'shared/api.ts'), new Date(), new Date(Date.now() + 5000));
    expect(bundlesStale(root)).toBe(`${path.join('shared', 'api.ts')} changed since the last build`);
  });
});

describe('npm start with an Electron executable (a stand-in through ELECTRON_OVERRIDE_DIST_PATH)', () => {
  const dist = path.join(work, 'dist');
  const record = path.join(work, 'started.json');
  beforeAll(() => {
    fs.mkdirSync(dist, { recursive: true });
    const exe = path.join(dist, 'electron');
    fs.writeFileSync(exe, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env }));\n`);
    fs.chmodSync(exe, 0o755);
  });

  it('prepares the Electron-ABI SQLite build apart from Node’s, builds the bundles, starts Electron on the package directory', async () => {
    // the prebuilt "Electron" binary the host serves: Node's build relabelled for Electron's ABI (the thinnest stand-in)
    const staging = path.join(work, 'prebuilt');
    fs.mkdirSync(path.join(staging, 'build/Release'), { recursive: true });
    const bytes = fs.readFileSync(NODE_SQLITE);
    bytes.write(`node_register_module_v${pkg.abi}`, bytes.indexOf(`node_register_module_v${process.versions.modules}`), 'latin1');
    fs.writeFileSync(path.join(staging, 'build/Release/better_sqlite3.node'), bytes);
    const tarball = path.join(work, PREBUILT);
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'build/Release/better_sqlite3.node']);
    routes.set(`/sqlite/v${SQLITE_VERSION}/${PREBUILT}`, (_req, res) => res.writeHead(200).end(fs.readFileSync(tarball)));
    const nodeBuildBefore = sha(NODE_SQLITE);
    const cache = path.join(work, 'native-cache');

    const staleBefore = bundlesStale(ROOT);
    const t0 = Date.now();
    const r = await launch(['--home', path.join(work, 'home-electron')], env({ ELECTRON_OVERRIDE_DIST_PATH: dist, MTLW_NATIVE_CACHE: cache, npm_config_better_sqlite3_binary_host: `${base}/sqlite` }));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`Preparing better-sqlite3 ${SQLITE_VERSION} for Electron ${pkg.version} \\(ABI ${pkg.abi}\\): downloading a prebuilt binary, done in \\d+ s`));
    expect(r.out).not.toContain('Starting web mode');
    const started = JSON.parse(fs.readFileSync(record, 'utf8')) as { argv: string[]; cwd: string; env: Record<string, string> };
    // on the package directory: Electron reads package.json (name, productName, main) from there
    expect(started.argv).toEqual([ROOT, '--home', path.join(work, 'home-electron')]);
    const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main;
    expect(fs.existsSync(path.join(ROOT, main))).toBe(true);
    if (staleBefore) {
      // rebuilt because a source changed (others may edit sources meanwhile, so only the rebuild is checked)
      expect(r.out).toContain(`Building the Electron bundles (${staleBefore})`);
      expect(fs.statSync(path.join(ROOT, main)).mtimeMs).toBeGreaterThanOrEqual(t0 - 1000);
    }
    const binding = started.env[SQLITE_BINDING_ENV];
    expect(binding).toBe(path.join(cache, `better-sqlite3-${SQLITE_VERSION}`, `abi${pkg.abi}-${process.platform}-${process.arch}`, 'better_sqlite3.node'));
    expect(nativeAbi(binding)).toEqual({ kind: 'v8', abi: pkg.abi });
    expect(sha(NODE_SQLITE)).toBe(nodeBuildBefore); // Node's build (CLI, web mode, tests) untouched

    // second start: from the cache, no download
    fs.rmSync(record);
    const before = requests.length;
    const again = await launch([], env({ ELECTRON_OVERRIDE_DIST_PATH: dist, MTLW_NATIVE_CACHE: cache, npm_config_better_sqlite3_binary_host: `${base}/sqlite` }));
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('Preparing');
    expect(requests.length).toBe(before);
    expect(JSON.parse(fs.readFileSync(record, 'utf8')).env[SQLITE_BINDING_ENV]).toBe(binding);
    routes.delete(`/sqlite/v${SQLITE_VERSION}/${PREBUILT}`);
  });

  it('a prebuilt binary for the wrong ABI is refused; with no build possible, web mode and the command to run', async () => {
    const tarball = path.join(work, 'node-abi.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', path.join(ROOT, 'node_modules/better-sqlite3'), 'build/Release/better_sqlite3.node']);
    routes.set(`/sqlite/v${SQLITE_VERSION}/${PREBUILT}`, (_req, res) => res.writeHead(200).end(fs.readFileSync(tarball)));
    fs.rmSync(record, { force: true });
    // a fresh prebuild-install download cache too: the earlier test's download is cached there under the same URL;
    // nodedir (set in some npmrc files) must not aim the build from source at Node's own headers
    const r = await launch([], env({ ELECTRON_OVERRIDE_DIST_PATH: dist, MTLW_NATIVE_CACHE: path.join(work, 'native-cache-2'), MTLW_HOME: path.join(work, 'home-2'), npm_config_better_sqlite3_binary_host: `${base}/sqlite`, npm_config_cache: path.join(work, 'npm-cache-2'), npm_config_nodedir: '/usr' }));
    routes.delete(`/sqlite/v${SQLITE_VERSION}/${PREBUILT}`);
    const line = r.out.split('\n').find((l) => l.startsWith('Starting web mode')) ?? r.out;
    expect(line).toContain(`better-sqlite3 ${SQLITE_VERSION} for Electron ${pkg.version} (ABI ${pkg.abi}) could not be prepared`);
    expect(line).toContain(`downloading a prebuilt binary: the binary it gave is built for ABI ${process.versions.modules}, not ABI ${pkg.abi}`);
    expect(line).toContain(`building from source: Error: 404 response downloading ${base}/headers/`);
    expect(line).toContain('node bin/start.js --prepare-native');
    expect(r.url).toBeDefined();
    expect(fs.existsSync(record)).toBe(false); // Electron was not started with a module it cannot load
    expect(fs.readdirSync(path.join(work, 'native-cache-2')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });
});
