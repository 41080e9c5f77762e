// A real redis-server on a random loopback port, coordinator and worker processes of the real CLI, and a
// read-only look at the coordinator's store.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ROOT, cli, json } from '../cli/helpers.js';

export const TOKEN = 'test-worker-token-0123456789';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Redis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function waitPort(port: number, up: boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((res) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), res(true)));
      c.on('error', () => res(false));
    });
    if (open === up) return;
    if (Date.now() > end) throw new Error(`port ${port} did not ${up ? 'open' : 'close'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Debian's redis-server, data kept in a temporary folder (saved on SIGTERM, loaded at the next start). */
export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-redis-'));
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'no'], { stdio: 'ignore' });
    await waitPort(port, true);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
      await waitPort(port, false);
    },
  };
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  stdout(): string;
  /** Resolves when the output matches (or rejects after ms). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function spawnCli(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    text += d.toString();
    for (const w of [...waiters]) if (w.re.test(text)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => text,
    stdout: () => out,
    exited,
    waitFor(re, ms = 120_000) {
      if (re.test(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${text.slice(-3000)}`)), ms);
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

export async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}

export async function tinyDataset(home: string): Promise<string> {
  const r = await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=240', '--option', 'dim=4', '--home', home, '--json']);
  return json<{ id: string }>(r).id;
}

/** 3 strategies × 2 learning rates × 2 seeds = 12 runs of one short epoch each. */
export function twelveRunSpec(datasetId: string, name = 'twelve'): Record<string, unknown> {
  return {
    name,
    base: {
      design: 'template:mmoe', datasets: [datasetId], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' },
      epochs: 1, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 0, backend: 'cpu',
    },
    axes: { strategies: [{ name: 'ew' }, { name: 'uw' }, { name: 'rlw' }], lr: [0.01, 0.003], seeds: [1, 2] },
  };
}

export function writeSpec(home: string, spec: unknown): string {
  const file = path.join(home, 'spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Read-only: the coordinator is the only writer. */
export function readStore<T>(home: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(home, 'workbench.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Metric keys stored more than once, over every run. */
export function duplicateRows(home: string): number {
  return readStore(home, (db) =>
    (db.prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM metrics GROUP BY run_id, epoch, step, split, task, metric HAVING COUNT(*) > 1)').get() as { n: number }).n,
  );
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
