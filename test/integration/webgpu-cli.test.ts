// `mtl-workbench train --backend webgpu` end to end in a child process (CLI → service → executor → worker
// thread → webgpu): an MMoE run on a small MMoE-synthetic dataset completes and reports the backend and the
// adapter; a design that cannot fit the GPU fails naming its batch size and design. Runs on SwiftShader here
// and in CI (Debian's libvulkan1 + chromium); skipped only where Dawn finds no adapter at all.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, json, tmpHome } from '../cli/helpers.js';
import { release, webgpuHere } from '../engine/webgpu/adapter.js';

const here = await webgpuHere();
await release();

describe.skipIf(here.skip !== null)(`train --backend webgpu from the command line${here.skip ? ` (skipped: ${here.skip})` : ''}`, () => {
  const home = tmpHome();
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  const dataset = async (rows: number) => {
    const r = await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', `rows=${rows}`, '--option', 'dim=8', '--option', 'p=0.5', '--seed', '4', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    return json(r) as { id: string; splits: { train: number } };
  };

  it('trains template:mmoe for one epoch and reports the backend and the adapter', async () => {
    const ds = await dataset(400);
    const r = await cli(['train', '--design', 'template:mmoe', '--dataset', ds.id, '--backend', 'webgpu', '--epochs', '1', '--json', '--home', home], { timeoutMs: 600_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ status: 'completed', backend: 'webgpu' });
    expect(out.adapter).toMatchObject({ vendor: here.adapter!.vendor, architecture: here.adapter!.architecture, api: here.adapter!.api, fallback: here.adapter!.fallback });
    expect(out.adapter.maxBufferSize).toBeGreaterThan(0);
    expect(out.device).toContain(here.adapter!.architecture);
    if (here.adapter!.fallback) expect(out.device).toMatch(/software adapter/);
    for (const task of ['y1', 'y2']) expect(Number.isFinite(out.tasks[task].final.mse), task).toBe(true);
  });

  it('fails a run that does not fit the GPU, naming the batch size and the design', async () => {
    const ds = await dataset(2000);
    const batch = ds.splits.train;
    const limit = Math.max(here.adapter!.maxBufferSize, here.adapter!.maxStorageBufferBindingSize);
    const units = Math.ceil(limit / (4 * batch)) + 1; // one activation [batch, units] over the adapter's largest buffer
    expect(units, 'a Dense this wide is allowed by the catalog').toBeLessThanOrEqual(1_000_000);
    const node = (id: string, kind: string, params: Record<string, unknown>) => ({ id, kind, params, position: { x: 0, y: 0 } });
    const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourcePort: 'out', target, targetPort: 'in' });
    const design = {
      version: 1,
      name: 'too wide for the GPU',
      nodes: [node('in', 'Input', { dataset: ds.id, feature: 'features' }), node('wide', 'Dense', { units, activation: 'relu' }), node('h1', 'TaskHead', { dataset: ds.id, task: 'y1', hidden: [] }), node('h2', 'TaskHead', { dataset: ds.id, task: 'y2', hidden: [] })],
      edges: [edge('in', 'wide'), edge('wide', 'h1'), edge('wide', 'h2')],
    };
    const file = path.join(home, 'wide.json');
    fs.writeFileSync(file, JSON.stringify(design));
    const r = await cli(['train', '--design', file, '--dataset', ds.id, '--backend', 'webgpu', '--epochs', '2', '--batch-size', String(batch), '--json', '--home', home], { timeoutMs: 600_000 });
    const out = json(r);
    expect(out.status, r.stderr).toBe('failed');
    expect(out.error).toContain(`Out of GPU memory at batch size ${batch} with design 'too wide for the GPU'`);
    expect(out.error).toMatch(/smaller batch size/);
    expect(r.code).not.toBe(0);
  });
});
