// The webgpu backend in `npm run bench`, wherever Dawn finds an adapter: MultiLeNet and MMoE through the
// engine (bench/train-engine.ts) at several batch sizes on webgpu, beside the wasm engine (1 thread) and
// PyTorch CPU with all cores at the same batch sizes, each in its own process. On a software adapter
// (SwiftShader: Vulkan on the CPU) it runs only tiny batches for a few steps and says so: those are not
// GPU figures.
//
//   node --import tsx bench/webgpu.ts [--json] [--steps N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend, releaseBackends } from '../electron/engine/backend.js';
import { describeAdapter } from '../shared/gpu.js';
import { multiMnist, tabular, writeBinary } from './data.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { json: { type: 'boolean', default: false }, steps: { type: 'string' } } });
const log = (s: string) => process.stderr.write(s + '\n');

let adapter;
try {
  const b = await initBackend('webgpu', { log: () => {} });
  adapter = b.adapter!;
  await releaseBackends();
} catch (err) {
  console.log(JSON.stringify({ skipped: `no WebGPU adapter: ${(err as Error).message}` }));
  process.exit(0);
}
const software = adapter.fallback;
const label = software ? `${describeAdapter(adapter)} — SwiftShader/software: NOT a GPU figure` : describeAdapter(adapter);
log(`  webgpu on ${label}`);

// Real GPU: batch sizes a GPU is for. Software adapter: what finishes in a couple of minutes.
const plan = software
  ? [{ model: 'multilenet', batches: [16] }, { model: 'mmoe', batches: [256] }]
  : [{ model: 'multilenet', batches: [64, 256, 1024] }, { model: 'mmoe', batches: [1024, 4096, 16384] }];
const steps = Number(opt.steps ?? (software ? 2 : 30));
const windows = software ? 1 : 5;
const allThreads = cpus().length;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  const line = (r.stdout ?? '').split('\n').filter((l) => l.trim().startsWith('{')).pop();
  if (r.status !== 0 || !line) return { error: `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ').slice(0, 300)}` };
  return JSON.parse(line) as Record<string, unknown>;
}

const dataDir = mkdtempSync(join(tmpdir(), 'mtl-bench-webgpu-'));
const rows: Record<string, unknown>[] = [];
try {
  for (const { model, batches } of plan) {
    for (const batch of batches) {
      const common = ['--model', model, '--strategy', 'ew', '--batch', String(batch), '--steps', String(steps), '--warmup', software ? '1' : '3', '--windows', String(windows)];
      const gpu = run(process.execPath, ['--import', 'tsx', 'bench/train-engine.ts', '--backend', 'webgpu', ...common]);
      const wasm = run(process.execPath, ['--import', 'tsx', 'bench/train-engine.ts', '--backend', 'wasm', '--threads', '1', ...common]);
      const data = join(dataDir, `${model}-${batch}.bin`);
      writeBinary(data, model === 'mmoe' ? tabular(batch * 4) : multiMnist(batch * 4)); // the rows train-engine.ts generates
      const threadEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(allThreads), OMP_NUM_THREADS: String(allThreads) };
      const torch = run('/usr/bin/python3', [join('bench', 'reference', `${model}.py`), '--data', data, '--strategy', 'ew', '--threads', String(allThreads), '--batch', String(batch),
        '--steps', String(steps), '--warmup', software ? '1' : '3'], threadEnv);
      const sps = (r: Record<string, unknown>) => (typeof r.samplesPerSec === 'number' ? r.samplesPerSec : NaN);
      const row = {
        model,
        batch,
        webgpu: sps(gpu),
        wasm1: sps(wasm),
        pytorchAllCores: sps(torch),
        webgpuVsWasm: sps(gpu) / sps(wasm),
        webgpuVsPytorch: sps(gpu) / sps(torch),
        errors: [gpu, wasm, torch].map((r) => r.error).filter(Boolean),
      };
      rows.push(row);
      log(`    ${model} batch ${batch}: webgpu ${row.webgpu.toFixed(0)} samples/s, wasm (1 thread) ${row.wasm1.toFixed(0)}, PyTorch CPU (${allThreads} threads) ${row.pytorchAllCores.toFixed(0)}${row.errors.length ? `; ${row.errors.join('; ')}` : ''}`);
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const result = { adapter, software, label, steps, rows, note: software ? 'SwiftShader emulates the GPU on the CPU: these figures say nothing about GPU speed' : undefined };
console.log(opt.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
process.exit(0);
