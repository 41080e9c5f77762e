// MultiMNIST construction (Sener & Koltun 2018), checked pixel for pixel on a hand-made pair, and the
// built-in datasets made from real MNIST / Fashion-MNIST images.
import { afterAll, describe, expect, it } from 'vitest';
import { buildMulti, NEAREST, overlayPair } from '../../electron/datasets/multi.js';
import { loadDataset, readArray, readManifest, datasetDir } from '../../electron/datasets/load.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { mnistFromNpm, type ImageSet } from '../../electron/datasets/realdata.js';
import { MemoryRepo, tempDir } from './helpers.js';

const S = 28;

describe('MultiMNIST construction', () => {
  it('samples the 36×36 canvas at floor((i + 0.5) · 36 / 28), as PIL nearest-neighbour does', () => {
    // Worked out by hand: (i + 0.5) · 9/7 for i = 0..27, rounded down.
    expect(Array.from(NEAREST)).toEqual([0, 1, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 25, 26, 27, 28, 30, 31, 32, 34, 35]);
  });

  it('builds a hand-made pair pixel for pixel', () => {
    const left = new Uint8Array(S * S);
    const right = new Uint8Array(S * S);
    left[0 * S + 0] = 10; // canvas (0,0)   -> output (0,0)
    left[10 * S + 10] = 100; // canvas (10,10) -> output (8,8)
    left[27 * S + 27] = 20; // canvas (27,27) -> output (21,21), overlapped by right (21,21)
    left[2 * S + 2] = 77; // canvas (2,2): no output samples row/col 2 -> dropped
    right[0] = 200; // canvas (6,6): 6 is not sampled -> dropped
    right[1 * S + 1] = 150; // canvas (7,7) -> output (5,5)
    right[21 * S + 21] = 50; // canvas (27,27): max(20, 50) = 50 at output (21,21)
    right[27 * S + 27] = 90; // canvas (33,33): not sampled (32, 34 are) -> dropped
    right[27 * S + 26] = 61; // canvas (33,32): row 33 not sampled -> dropped
    right[26 * S + 26] = 60; // canvas (32,32) -> output (25,25)
    left[5 * S + 27] = 33; // canvas (5,27) -> output (4,21)
    right[0 * S + 21] = 44; // canvas (6,27): row 6 not sampled -> dropped
    const out = new Uint8Array(S * S);
    overlayPair(left, 0, right, 0, out, 0);

    const expected = new Uint8Array(S * S);
    expected[0 * S + 0] = 10;
    expected[8 * S + 8] = 100;
    expected[21 * S + 21] = 50;
    expected[5 * S + 5] = 150;
    expected[25 * S + 25] = 60;
    expected[4 * S + 21] = 33;
    expect(Array.from(out)).toEqual(Array.from(expected));
  });

  it('matches an independent canvas-then-resize reference on random images', () => {
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 255;
    const left = Uint8Array.from({ length: S * S }, rand);
    const right = Uint8Array.from({ length: S * S }, rand);
    // Reference: build the canvas explicitly (Sener & Koltun's code: new_im[0:28,0:28] = l;
    // new_im[6:34,6:34] = r; new_im[6:28,6:28] = max(l[6:28,6:28], r[0:22,0:22])), then resize.
    const canvas = new Uint8Array(36 * 36);
    for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) canvas[r * 36 + c] = left[r * S + c];
    for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) canvas[(r + 6) * 36 + c + 6] = right[r * S + c];
    for (let r = 6; r < S; r++) for (let c = 6; c < S; c++) canvas[r * 36 + c] = Math.max(left[r * S + c], right[(r - 6) * S + c - 6]);
    const ref = new Uint8Array(S * S);
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) ref[y * S + x] = canvas[Math.floor((y + 0.5) * 36 / 28) * 36 + Math.floor((x + 0.5) * 36 / 28)];
    const out = new Uint8Array(S * S);
    overlayPair(left, 0, right, 0, out, 0);
    expect(Array.from(out)).toEqual(Array.from(ref));
  });

  it('pairs within the official split, records both sources, and is seeded', () => {
    const n = 40;
    const images = new Uint8Array(n * S * S);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 10;
      images[i * S * S + (i % S)] = 1 + i; // a unique mark per image
    }
    const set: ImageSet = { images, labels, count: n, trainCount: 30, classes: '0123456789'.split(''), officialSplit: true, origin: 'hand-made' };
    const a = buildMulti(set, set, 5, {}, { name: 't', origin: {} });
    const b = buildMulti(set, set, 5, {}, { name: 't', origin: {} });
    const c = buildMulti(set, set, 6, {}, { name: 't', origin: {} });
    const src = (d: typeof a, name: string) => d.extras!.find((e) => e.name === name)!.data as Int32Array;
    expect(Array.from(src(a, 'right-source'))).toEqual(Array.from(src(b, 'right-source')));
    expect(Array.from(src(a, 'right-source'))).not.toEqual(Array.from(src(c, 'right-source')));
    expect(a.splits.test.length).toBe(10);
    const testRows = new Set(a.splits.test);
    for (let i = 0; i < n; i++) {
      const l = src(a, 'left-source')[i], r = src(a, 'right-source')[i];
      expect(l >= 30).toBe(testRows.has(i));
      expect(r >= 30).toBe(testRows.has(i)); // partner from the same split
      expect(a.labels[0][i]).toBe(labels[l]);
      expect(a.labels[1][i]).toBe(labels[r]);
      const out = new Uint8Array(S * S);
      overlayPair(images, l * S * S, images, r * S * S, out, 0);
      expect(Array.from((a.features[0].data as Uint8Array).subarray(i * S * S, (i + 1) * S * S))).toEqual(Array.from(out));
    }
  });
});

describe('built-in multi-task image datasets from real data', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const repo = new MemoryRepo();
  const manager = new DatasetManager({ dataDir: dir, repo });

  it('multi-mnist: real digits, rows rebuilt from the recorded partners, official-style splits', async () => {
    const info = await manager.createBuiltin({ source: 'multi-mnist', options: { limit: 700 }, seed: 9 });
    expect(info.rows).toBe(700);
    expect(info.spec).toMatchObject({ source: 'multi-mnist', seed: 9, options: { limit: 700 } });
    expect(info.tasks.map((t) => t.name)).toEqual(['left', 'right']);
    expect(info.tasks[0].classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(info.features).toEqual([{ name: 'image', kind: 'image', shape: [28, 28, 1] }]);
    expect(info.splits.train + info.splits.validation + info.splits.test).toBe(700);
    expect(info.splits.test).toBe(100); // 1/7 held out, as MNIST's 10k of 70k
    const loaded = await loadDataset(dir, info);
    const d = datasetDir(dir, info.id);
    const manifest = await readManifest(d);
    const leftSrc = (await readArray(d, manifest.extras.find((e) => e.name === 'left-source')!)) as Int32Array;
    const rightSrc = (await readArray(d, manifest.extras.find((e) => e.name === 'right-source')!)) as Int32Array;
    const digits = await mnistFromNpm();
    for (const row of [0, 1, 350, 699]) {
      const out = new Uint8Array(S * S);
      overlayPair(digits.images, leftSrc[row] * S * S, digits.images, rightSrc[row] * S * S, out, 0);
      const got = loaded.features.image.subarray(row * S * S, (row + 1) * S * S);
      expect(Array.from(got).map((v) => Math.round(v * 255))).toEqual(Array.from(out));
      expect(loaded.labels.left[row]).toBe(digits.labels[leftSrc[row]]);
      expect(loaded.labels.right[row]).toBe(digits.labels[rightSrc[row]]);
    }
    // Real digits: all ten classes on both sides, pixels in [0, 1] with ink.
    expect(Object.values(info.balance[0].counts!).every((c) => c > 20)).toBe(true);
    expect(info.stats[0].mean).toBeGreaterThan(0.05);
    // Same request, same seed: the same data.
    const again = await manager.createBuiltin({ source: 'multi-mnist', options: { limit: 700 }, seed: 9 });
    expect(again.checksum).toBe(info.checksum);
    const other = await manager.createBuiltin({ source: 'multi-mnist', options: { limit: 700 }, seed: 10 });
    expect(other.checksum).not.toBe(info.checksum);
  });

  it('multi-fashion keeps Fashion-MNIST\'s official test split and class names', async () => {
    const info = await manager.createBuiltin({ source: 'multi-fashion', options: { limit: 1400 }, seed: 2 });
    expect(info.tasks[1].classes).toContain('Ankle boot');
    expect(info.splits.test).toBe(200); // 10,000 of 70,000
    const manifest = await readManifest(datasetDir(dir, info.id));
    expect(String((manifest.meta.origin as { left: string }).left)).toMatch(/fashion-mnist/);
    expect(manifest.meta.officialTestSplit).toBe(true);
  });

  it('multi-fashion-mnist puts a digit on the left and a clothing item on the right', async () => {
    const info = await manager.createBuiltin({ source: 'multi-fashion-mnist', options: { limit: 300 } });
    expect(info.tasks[0].classes![3]).toBe('3');
    expect(info.tasks[1].classes![0]).toBe('T-shirt/top');
    const preview = await manager.preview(info.id, 6);
    expect(preview.images).toHaveLength(6);
    expect(preview.images![0].dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(Object.keys(preview.images![0].labels)).toEqual(['left', 'right']);
    expect(info.tasks[1].classes).toContain(preview.images![0].labels.right);
  });

  it('mnist and fashion-mnist are single-task sets whose image feature is named `image` in both', async () => {
    const digits = await manager.createBuiltin({ source: 'mnist', options: { limit: 200 } });
    const clothes = await manager.createBuiltin({ source: 'fashion-mnist', options: { limit: 300 } });
    expect(digits.features).toEqual(clothes.features);
    expect(digits.tasks).toEqual([{ name: 'digit', kind: 'multiclass', classes: '0123456789'.split('') }]);
    expect(clothes.tasks[0].name).toBe('clothing');
    expect(clothes.tasks[0].classes).toHaveLength(10);
  });
});
