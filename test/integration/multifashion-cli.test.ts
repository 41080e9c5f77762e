// Issue 3's acceptance, through the real CLI in child processes on a fresh data folder:
//   mtl-workbench datasets builtin multi-fashion --seed 1
//   mtl-workbench train --design template:hps --dataset <id> --optimizer adam --lr 0.001 --batch-size 256
//                       --epochs 3 --seed 11 --backend wasm --json
// MultiFashion is built from Debian's /usr/share/datasets/fashion-mnist at full size (60,000 official
// training images: 54,000 train + 6,000 validation; 10,000 official test images); template:hps is Sener &
// Koltun's MultiLeNet. Both tasks must reach 68% accuracy on the test split after 3 epochs (PyTorch: about
// 71%). Then the same command twice must give the same metrics, every row of them: that check runs on a
// seeded subset of 8,000 images (6,171 train) with the same recipe, so that the file needs one full-size
// run, not two.
// Full size fits a test suite, so the accuracy test uses it. Measured on the 2-core machine this was
// written on (wasm, SIMD, 1 thread), while other work shared the cores (load ~6-7): one full-size run
// 50-77 s wall alone (about 46 s of CPU), 163 s beside the other integration files; this file 76 s. Seed 11
// reached 73.6% / 72.4%, 74.1% / 74.0% and 74.2% / 72.5% on three data folders (the row order is seeded
// with the dataset's id, which differs per folder).
// MTLW_MULTIFASHION_LIMIT=N trains the accuracy run on a seeded subset of N images instead (train + test,
// the official proportion kept), for slower machines. With seed 1: limit 40,000 (30,857 train) reached
// 69.9% / 68.1% in about 30 s of CPU; 30,000 (23,143 train) 66.3% / 66.7% and 20,000 66.6% / 61.3%, short of 68%.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
  afterAll(() => fs.rmSync(home, { recursive: true, force: true })); // the full-size dataset is 55 MB
  const train = (datasetId: string) =>
    cli([
      'train', '--design', 'template:hps', '--dataset', datasetId, '--optimizer', 'adam', '--lr', '0.001', '--batch-size', '256',
      '--epochs', '3', '--seed', '11', '--backend', 'wasm', '--json', '--home', home,
    ]);
  const createDataset = async (limit: number | undefined) => {
    const r = await cli(['datasets', 'builtin', 'multi-fashion', ...(limit ? ['--option', `limit=${limit}`] : []), '--seed', '1', '--json', '--home', home], 120_000);
    expect(r.code, r.stderr).toBe(0);
    const info = json(r);
    expect(info.tasks.map((t: { name: string }) => t.name)).toEqual(['left', 'right']);
    expect(info.spec.options).toMatchObject({ limit: limit ?? null });
    return info;
  };
  /** Every metric row of a run (timings aside), through `runs export`. */
  const rows = async (id: string) => {
    const out = path.join(home, `${id}.json`);
    const e = await cli(['runs', 'export', id, '--out', out, '--home', home], 60_000);
    expect(e.code, e.stderr).toBe(0);
    const data = JSON.parse(fs.readFileSync(out, 'utf8')) as { metrics: { epoch: number; step: number; split: string; task: string; metric: string; value: number }[] };
    return data.metrics.filter((m) => !TIMING.has(m.metric)).map(({ epoch, step, split, task, metric, value }) => ({ epoch, step, split, task, metric, value }));
  };

  it('reaches at least 68% test accuracy on each task after 3 epochs (full size)', async () => {
    const info = await createDataset(LIMIT);
    if (!LIMIT) expect(info.splits).toEqual({ train: 54000, validation: 6000, test: 10000 });
    const r = await train(info.id);
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ status: 'completed', backend: 'wasm', split: 'test' });
    expect(out.device).toMatch(/WebAssembly/);
    const left = out.tasks.left.final.accuracy;
    const right = out.tasks.right.final.accuracy;
    console.log(`[multifashion] ${LIMIT ? `limit ${LIMIT}` : 'full size'}: test accuracy left ${left}, right ${right} in ${r.seconds.toFixed(1)} s`);
    expect(left).toBeGreaterThanOrEqual(0.68);
    expect(right).toBeGreaterThanOrEqual(0.68);
    expect(r.stderr).toMatch(/epoch 3\/3 done {2}left accuracy/); // per-epoch progress on stderr
    expect((await rows(out.runId)).filter((m) => m.split === 'test' && m.metric === 'accuracy').map((m) => m.epoch).sort()).toEqual([1, 1, 2, 2, 3, 3]);
  }, RUN_TIMEOUT_MS + 130_000);

  it('the same command twice gives the same metrics (every row; 8,000-image subset)', async () => {
    const info = await createDataset(8000);
    expect(info.splits.train).toBe(6171);
    const a = await train(info.id);
    const b = await train(info.id);
    for (const r of [a, b]) expect(r.code, r.stderr.slice(-4000)).toBe(0);
    const [first, second] = [json(a), json(b)];
    expect(second.runId).not.toBe(first.runId);
    expect(second.tasks).toEqual(first.tasks);
    expect(first.tasks.left.final.accuracy).toBeGreaterThan(0.4); // it trained
    const [ra, rb] = [await rows(first.runId), await rows(second.runId)];
    expect(ra.length).toBeGreaterThan(50);
    expect(rb).toEqual(ra);
  }, 2 * RUN_TIMEOUT_MS);
});
