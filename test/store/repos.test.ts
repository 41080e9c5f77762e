import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../electron/store/index.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { tmpHome, runConfig } from './helpers.js';

const dataset = (id: string): DatasetInfo => ({
  id, name: `data ${id}`, spec: { source: 'csv', options: { path: '/x.csv' }, seed: 1 },
  features: [{ name: 'x', kind: 'vector', size: 2, columns: ['a', 'b'] }],
  tasks: [{ name: 'y', kind: 'binary', classes: ['no', 'yes'] }],
  rows: 100, splits: { train: 80, validation: 10, test: 10 }, stats: [], balance: [], checksum: 'sha', createdAt: new Date().toISOString(),
});

describe('store repositories on a real file', () => {
  it('designs: save, update keeps createdAt, list, delete', () => {
    const s = openStore(tmpHome());
    const a = s.designs.save({ name: 'A', design: { version: 1, name: 'ignored', nodes: [], edges: [] } });
    expect(a.design.name).toBe('A');
    const a2 = s.designs.save({ id: a.id, name: 'A2', notes: '中文备注', design: a.design });
    expect(a2.id).toBe(a.id);
    expect(a2.createdAt).toBe(a.createdAt);
    expect(a2.notes).toBe('中文备注');
    expect(s.designs.list().map((d) => d.name)).toEqual(['A2']);
    expect(s.designs.delete(a.id)).toBe(true);
    expect(s.designs.delete(a.id)).toBe(false);
    s.close();
  });

  it('datasets: DatasetInfo round-trips as JSON', () => {
    const s = openStore(tmpHome());
    const info = dataset('d1');
    s.datasets.insert(info);
    expect(s.datasets.get('d1')).toEqual(info);
    expect(s.datasets.list()).toHaveLength(1);
    s.datasets.delete('d1');
    expect(s.datasets.get('d1')).toBeUndefined();
    s.close();
  });

  it('runs: queryable columns, filters, the summary at the selected epoch, cascade delete', () => {
    const s = openStore(tmpHome());
    s.runs.insert({ id: 'r1', name: 'mtl uw', config: runConfig({ weighting: { name: 'uw', params: {} }, datasets: ['d1', 'd2'], tags: ['sweep'] }), designName: 'MMoE' });
    s.runs.insert({ id: 'b1', name: 'baseline a', config: runConfig(), designName: 'MMoE [a]', baselineOf: 'r1', baselineTask: 'a' });
    s.runs.markStarted('r1', { backend: 'wasm', device: 'CPU (2 threads)', versions: { tfjs: '4.22.0' } });
    s.metrics.insert([
      { runId: 'r1', epoch: 0, step: 10, split: 'train', task: 'a', metric: 'accuracy', value: 0.99 },
      { runId: 'r1', epoch: 0, step: 10, split: 'validation', task: 'a', metric: 'accuracy', value: 0.6 },
      { runId: 'r1', epoch: 1, step: 20, split: 'validation', task: 'a', metric: 'accuracy', value: 0.7 },
      { runId: 'r1', epoch: 0, step: 10, split: 'validation', task: 'b', metric: 'mse', value: 3 },
      { runId: 'r1', epoch: 1, step: 20, split: 'validation', task: 'b', metric: 'mse', value: 2 },
      { runId: 'r1', epoch: 1, step: 20, split: 'train', task: 'c', metric: 'loss', value: 0.4 },
      { runId: 'r1', epoch: 1, step: 20, split: 'train', task: 'c', metric: 'loss', value: Number.NaN },
      { runId: 'r1', epoch: 1, step: 20, split: 'train', task: 'a', metric: 'weight', value: 5 },
      { runId: 'r1', epoch: 1, step: 20, split: 'train', task: '', metric: 'loss', value: 0.1 },
    ]);
    expect(s.runs.finish('r1', 'completed')).toBe(true);
    expect(s.runs.finish('r1', 'failed', 'late')).toBe(false);
    const r1 = s.runs.get('r1')!;
    expect(r1).toMatchObject({
      status: 'completed', backend: 'wasm', device: 'CPU (2 threads)', versions: { tfjs: '4.22.0' }, weighting: 'uw',
      designName: 'MMoE', datasetIds: ['d1', 'd2'], tags: ['sweep'], seed: 7, error: null,
    });
    expect(r1.startedAt).not.toBeNull();
    expect(r1.finishedAt).not.toBeNull();
    // its summary: the epoch selected on validation (mean over tasks of each primary metric vs epoch 0: epoch 1)
    expect(r1.summary).toMatchObject({ rule: { kind: 'mean-normalized' }, selected: { epoch: 1, split: 'validation' }, split: 'validation', tasks: { a: { accuracy: { value: 0.7 } }, b: { mse: { value: 2 } } } });
    expect(Number.isNaN(s.metrics.list('r1')[6].value)).toBe(true);

    expect(s.runs.list().map((r) => r.id)).toEqual(['r1']);
    expect(s.runs.list({ includeBaselines: true }).map((r) => r.id).sort()).toEqual(['b1', 'r1']);
    expect(s.runs.list({ datasetId: 'd2' }).map((r) => r.id)).toEqual(['r1']);
    expect(s.runs.list({ search: 'sweep' }).map((r) => r.id)).toEqual(['r1']);
    expect(s.runs.list({ search: '100%_' })).toEqual([]);
    expect(s.runs.list({ status: 'queued', includeBaselines: true }).map((r) => r.id)).toEqual(['b1']);
    expect(s.runs.baselinesOf(['r1']).map((r) => r.baselineTask)).toEqual(['a']);

    expect(s.runs.update('r1', { tags: ['x'], notes: '好', name: 'renamed' })).toMatchObject({ tags: ['x'], notes: '好', name: 'renamed' });

    const dir = s.artifacts.dir('r1');
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(16));
    expect(s.artifacts.list('r1')).toMatchObject([{ name: 'weights.bin', bytes: 16 }]);
    expect(() => s.artifacts.dir('../etc')).toThrow(/Not a run id/);

    s.runs.delete('r1');
    expect(s.runs.get('b1')).toBeUndefined(); // its baselines go with it
    expect(s.metrics.count('r1')).toBe(0);
    s.close();
  });
});
