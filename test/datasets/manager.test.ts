// The manager: sources listed, records complete, files laid out, delete, checksum on load, previews.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../electron/datasets/load.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { isolatedEnv, MemoryRepo, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('DatasetManager', () => {
  it('lists every registered source with its availability', () => {
    const m = new DatasetManager({ dataDir: dir, repo: new MemoryRepo(), env: isolatedEnv() });
    const sources = m.listSources();
    expect(sources.map((s) => s.name)).toEqual([
      'multi-mnist', 'multi-fashion', 'multi-fashion-mnist', 'mmoe-synthetic', 'mnist', 'fashion-mnist', 'emnist-letters', 'csv', 'image-list', 'idx',
    ]);
    for (const s of sources) {
      expect(s.label.length).toBeGreaterThan(2);
      expect(s.description.length).toBeGreaterThan(20);
      if (!s.available) expect(s.reason).toBeTruthy();
    }
    expect(sources.find((s) => s.name === 'csv')).toMatchObject({ kind: 'import', available: true });
  });

  it('writes data files + manifest under <dataDir>/datasets/<id>/, records the spec, and deletes both', async () => {
    const repo = new MemoryRepo();
    const m = new DatasetManager({ dataDir: dir, repo });
    const progress: string[] = [];
    const info = await m.createBuiltin({ source: 'mmoe-synthetic', name: 'corr 0.3', options: { p: 0.3, rows: 200, dim: 4 }, seed: 12 }, (p) => progress.push(p.phase));
    expect(info.name).toBe('corr 0.3');
    expect(info.id).toMatch(/^ds-[0-9a-f-]{36}$/);
    expect(info.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(info.createdAt)).toBeGreaterThan(0);
    expect(m.get(info.id)).toEqual(info);
    expect(m.list()).toEqual([info]);
    expect(progress).toContain('write');
    expect(progress.at(-1)).toBe('done');
    const folder = path.join(dir, 'datasets', info.id);
    expect(readdirSync(folder).sort()).toEqual(['feature-0.f32', 'label-0.f32', 'label-1.f32', 'manifest.json', 'split-test.i32', 'split-train.i32', 'split-validation.i32']);
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.info).toEqual(info);
    // Nothing temporary is left beside it.
    expect(readdirSync(path.join(dir, 'datasets')).filter((n) => n.startsWith('.'))).toEqual([]);

    // The tabular preview of generated data: first vector columns and the labels.
    const preview = await m.preview(info.id, 3);
    expect(preview.columns).toEqual(['x1', 'x2', 'x3', 'x4', 'y1', 'y2']);
    expect(preview.rows).toHaveLength(3);
    expect(preview.images).toBeUndefined();

    await m.delete(info.id);
    expect(existsSync(folder)).toBe(false);
    expect(repo.list()).toEqual([]);
    expect(() => m.get(info.id)).toThrow(/no dataset/);
    await expect(m.delete(info.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(m.preview('../../etc')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses to load data that no longer matches its checksum', async () => {
    const repo = new MemoryRepo();
    const m = new DatasetManager({ dataDir: dir, repo });
    const info = await m.createBuiltin({ source: 'mmoe-synthetic', options: { rows: 100, dim: 3 } });
    const loaded = await m.load(info.id);
    expect(loaded.info).toEqual(info);
    const label = path.join(dir, 'datasets', info.id, 'label-0.f32');
    const bytes = readFileSync(label);
    bytes[0] ^= 1;
    writeFileSync(label, bytes);
    await expect(loadDataset(dir, info)).rejects.toThrow(/does not match its record/);
    await expect(loadDataset(dir, info, { verify: false })).resolves.toBeTruthy();
  });

  it('removes temporary folders left by an import that died, not those of live processes', async () => {
    const datasets = path.join(dir, 'sweep', 'datasets');
    mkdirSync(path.join(datasets, '.tmp-ds-dead-999999999'), { recursive: true });
    mkdirSync(path.join(datasets, `.tmp-ds-live-${process.ppid}`), { recursive: true });
    const m = new DatasetManager({ dataDir: path.join(dir, 'sweep'), repo: new MemoryRepo() });
    await m.createBuiltin({ source: 'mmoe-synthetic', options: { rows: 20, dim: 2 } });
    const left = readdirSync(datasets).filter((n) => n.startsWith('.'));
    expect(left).toEqual([`.tmp-ds-live-${process.ppid}`]);
  });

  it('re-creates a dataset exactly from its recorded spec', async () => {
    const m = new DatasetManager({ dataDir: path.join(dir, 'again'), repo: new MemoryRepo() });
    const csv = path.join(dir, 'again.csv');
    writeFileSync(csv, 'n;colour;note;label;price\n1,5;red;a long enough text here;yes;3\n2;blue;more words in this one;no;?\n3,25;red;and the last text row;yes;4,5\n4;green;x;no;1\n');
    const first = await m.import({ kind: 'csv', path: csv, name: 'c', tasks: ['label', 'price'], seed: 8 });
    const { spec } = first;
    const again = await m.import({ kind: 'csv', name: 'c2', seed: spec.seed, ...(spec.options as { path: string; tasks: string[] }) });
    expect(again.checksum).toBe(first.checksum);
    expect(again.spec).toEqual(spec);
    const mm = await m.createBuiltin({ source: 'mmoe-synthetic', options: { rows: 64, dim: 3, p: -0.2 }, seed: 5 });
    const mm2 = await m.createBuiltin({ source: mm.spec.source, options: mm.spec.options, seed: mm.spec.seed });
    expect(mm2.checksum).toBe(mm.checksum);
    const mf = await m.createBuiltin({ source: 'multi-mnist', options: { limit: 50 }, seed: 5 });
    const mf2 = await m.createBuiltin({ source: mf.spec.source, options: mf.spec.options, seed: mf.spec.seed });
    expect(mf2.checksum).toBe(mf.checksum);
  });

  it('two imports at once get their own folders and rows', async () => {
    const repo = new MemoryRepo();
    const m = new DatasetManager({ dataDir: path.join(dir, 'both'), repo });
    const [a, b] = await Promise.all([
      m.createBuiltin({ source: 'mmoe-synthetic', options: { rows: 50, dim: 2 }, seed: 1 }),
      m.createBuiltin({ source: 'mmoe-synthetic', options: { rows: 50, dim: 2 }, seed: 2 }),
    ]);
    expect(a.id).not.toBe(b.id);
    expect(a.checksum).not.toBe(b.checksum);
    expect(repo.list()).toHaveLength(2);
  });
});
