// MMoE's synthetic pair (Ma et al. 2018): the two weight vectors have cosine p, and the labels'
// correlation follows p.
import { afterAll, describe, expect, it } from 'vitest';
import { cosine, generateMmoeSynthetic } from '../../electron/datasets/sources/mmoe-synthetic.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { datasetDir, loadDataset, readManifest } from '../../electron/datasets/load.js';
import { MemoryRepo, tempDir } from './helpers.js';

function pearson(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('mmoe-synthetic', () => {
  it.each([-1, -0.5, 0, 0.3, 0.9, 1])('cos(w1, w2) = p for p = %s', (p) => {
    const d = generateMmoeSynthetic({ p, dim: 100, rows: 10, c: 1, m: 10 }, 7);
    expect(cosine(d.w1, d.w2)).toBeCloseTo(p, 12);
    // c = 1: both are unit vectors.
    expect(Math.hypot(...d.w1)).toBeCloseTo(1, 12);
    expect(Math.hypot(...d.w2)).toBeCloseTo(1, 12);
  });

  it('scales the weight vectors by c without changing their cosine', () => {
    const d = generateMmoeSynthetic({ p: 0.4, dim: 16, rows: 10, c: 3, m: 10 }, 1);
    expect(Math.hypot(...d.w1)).toBeCloseTo(3, 10);
    expect(cosine(d.w1, d.w2)).toBeCloseTo(0.4, 12);
  });

  it('the labels follow the formula: y = wᵀx + Σ sin(α wᵀx + β) + small noise', () => {
    const dim = 8, rows = 50;
    const d = generateMmoeSynthetic({ p: 0.5, dim, rows, c: 1, m: 10 }, 3);
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      let a = 0;
      for (let i = 0; i < dim; i++) a += d.w1[i] * d.x[r * dim + i];
      let s = 0;
      for (let i = 0; i < 10; i++) s += Math.sin(d.alpha[i] * a + d.beta[i]);
      worst = Math.max(worst, Math.abs(d.y1[r] - (a + s)));
    }
    // ε ~ N(0, 0.01): std 0.1, so 50 draws stay well within 0.5.
    expect(worst).toBeLessThan(0.5);
    expect(worst).toBeGreaterThan(0);
  });

  it('the two tasks\' labels are more correlated as p grows', () => {
    const corr = (p: number) => {
      const d = generateMmoeSynthetic({ p, dim: 100, rows: 4000, c: 1, m: 10 }, 11);
      return pearson(d.y1, d.y2);
    };
    const low = corr(0.1), mid = corr(0.5), high = corr(0.95);
    expect(low).toBeLessThan(mid);
    expect(mid).toBeLessThan(high);
    expect(high).toBeGreaterThan(0.85);
    expect(Math.abs(low)).toBeLessThan(0.3);
  });

  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('as a built-in: records p, dim, rows, seed, and the weight vectors', async () => {
    const repo = new MemoryRepo();
    const m = new DatasetManager({ dataDir: dir, repo });
    const info = await m.createBuiltin({ source: 'mmoe-synthetic', options: { p: 0.8, dim: 12, rows: 500 }, seed: 4 });
    expect(info.spec).toMatchObject({ source: 'mmoe-synthetic', seed: 4, options: { p: 0.8, dim: 12, rows: 500, c: 1, m: 10 } });
    expect(info.tasks).toEqual([{ name: 'y1', kind: 'regression' }, { name: 'y2', kind: 'regression' }]);
    expect(info.features[0]).toMatchObject({ name: 'features', kind: 'vector', size: 12 });
    expect(info.splits).toEqual({ train: 400, validation: 50, test: 50 });
    const manifest = await readManifest(datasetDir(dir, info.id));
    expect(cosine(manifest.meta.w1 as number[], manifest.meta.w2 as number[])).toBeCloseTo(0.8, 12);
    const loaded = await loadDataset(dir, info);
    expect(loaded.features.features.length).toBe(500 * 12);
    expect(loaded.labels.y1.length).toBe(500);
    await expect(m.createBuiltin({ source: 'mmoe-synthetic', options: { p: 1.5 } })).rejects.toThrow(/option p must be a number in -1..1/);
  });
});
