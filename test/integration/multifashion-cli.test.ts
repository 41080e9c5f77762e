// Issue 3's acceptance, through the real CLI in child processes on a fresh data folder:
//   mtl-workbench datasets builtin multi-fashion --seed 1
//   mtl-workbench train --design template:hps --dataset <id> --optimizer adam --lr 0.001 --batch-size 256
//                       --epochs 3 --seed 11 --backend wasm --json
// MultiFashion is built from Debian's /usr/share/datasets/fashion-mnist at full size (60,000 official
// training images: 54,000 train + 6,000 validation; 10,000 official test images); template:hps is Sener &
// Koltun's MultiLeNet. Both tasks must reach 68% accuracy on the test split after 3 epochs (PyTorch: about
// 71%), and the same command again must give the same metrics, every row of them.
// Full size fits a test suite, so the test uses it (no subset). Measured on the 2-core machine this was
// written on (wasm, SIMD, 1 thread), while other work shared the cores (load ~6): one run 77 s wall, about
// 46 s of CPU; seed 11 reached 73.6% (left) / 72.4% (right); the whole file 157 s wall, 102 s CPU.
// MTLW_MULTIFASHION_LIMIT=N trains on a seeded subset of N images instead (train + test, the official
// proportion kept), for slower machines. With seed 1: limit 40,000 (30,857 train) reached 69.9% / 68.1% in
// about 30 s of CPU a run; 30,000 (23,143 train) 66.3% / 66.7% and 20,000 66.6% / 61.3%, short of 68%.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpHome } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/mtl-workbench.js');
const LIMIT = process.env.MTLW_MULTIFASHION_LIMIT ? Number(process.env.MTLW_MULTIFASHION_LIMIT) : undefined;
const RUN_TIMEOUT_MS = 280_000;

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function cli(args: string[], timeoutMs = RUN_TIMEOUT_MS): Promise<Cli> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

function json<T = any>(r: Cli): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr.slice(-4000)}`);
  }
}

/** Rows that depend on the machine's speed, not on the computation. */
const TIMING = new Set(['samples_per_sec', 'step_ms']);

describe('MultiFashion: MultiLeNet (template:hps) on wasm through the CLI', () => {
  const home = tmpHome('mtlw-mf-');
  let datasetId: string;
  const train = () =>
    cli([
      'train', '--design', 'template:hps', '--dataset', datasetId, '--optimizer', 'adam', '--lr', '0.001', '--batch-size', '256',
      '--epochs', '3', '--seed', '11', '--backend', 'wasm', '--json', '--home', home,
    ]);
  let first: any;

  it('creates the dataset from the local Fashion-MNIST', async () => {
    const r = await cli(['datasets', 'builtin', 'multi-fashion', ...(LIMIT ? ['--option', `limit=${LIMIT}`] : []), '--seed', '1', '--json', '--home', home], 120_000);
    expect(r.code, r.stderr).toBe(0);
    const info = json(r);
    expect(info.tasks.map((t: { name: string }) => t.name)).toEqual(['left', 'right']);
    if (!LIMIT) expect(info.splits).toEqual({ train: 54000, validation: 6000, test: 10000 });
    expect(info.spec.options).toMatchObject({ limit: LIMIT ?? null });
    datasetId = info.id;
  }, 130_000);

  it('reaches at least 68% test accuracy on each task after 3 epochs', async () => {
    const r = await train();
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    first = json(r);
    expect(first).toMatchObject({ status: 'completed', backend: 'wasm', split: 'test' });
    expect(first.device).toMatch(/WebAssembly/);
    const left = first.tasks.left.final.accuracy;
    const right = first.tasks.right.final.accuracy;
    console.log(`[multifashion] ${LIMIT ? `limit ${LIMIT}` : 'full size'}: test accuracy left ${left}, right ${right} in ${r.seconds.toFixed(1)} s`);
    expect(left).toBeGreaterThanOrEqual(0.68);
    expect(right).toBeGreaterThanOrEqual(0.68);
    expect(r.stderr).toMatch(/epoch 3\/3 done {2}left accuracy/); // per-epoch progress on stderr
  }, RUN_TIMEOUT_MS + 10_000);

  it('the same seed again gives the same metrics', async () => {
    expect(first, 'the first run').toBeDefined();
    const r = await train();
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    const second = json(r);
    expect(second.runId).not.toBe(first.runId);
    expect(second.tasks).toEqual(first.tasks);
    // every metric row of every epoch, split and task (timings aside)
    const rows = async (id: string) => {
      const out = path.join(home, `${id}.json`);
      const e = await cli(['runs', 'export', id, '--out', out, '--home', home], 60_000);
      expect(e.code, e.stderr).toBe(0);
      const data = JSON.parse(fs.readFileSync(out, 'utf8')) as { metrics: { epoch: number; step: number; split: string; task: string; metric: string; value: number }[] };
      return data.metrics.filter((m) => !TIMING.has(m.metric)).map(({ epoch, step, split, task, metric, value }) => ({ epoch, step, split, task, metric, value }));
    };
    const [a, b] = [await rows(first.runId), await rows(second.runId)];
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  }, RUN_TIMEOUT_MS + 70_000);
});
