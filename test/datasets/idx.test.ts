// IDX: write, import (plain and gzip, several label files), load back; EMNIST letters from IDX files.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, readIdxFile, writeIdxFile } from '../../electron/datasets/idx.js';
import { loadDataset } from '../../electron/datasets/load.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { isolatedEnv, MemoryRepo, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('IDX', () => {
  it('round-trips through the encoder and parser, gzip or plain', async () => {
    const data = Uint8Array.from({ length: 5 * 3 * 4 }, (_, i) => (i * 37) & 255);
    const plain = path.join(dir, 'a-idx3-ubyte');
    const gz = path.join(dir, 'a-idx3-ubyte.gz');
    await writeIdxFile(plain, [5, 3, 4], data);
    await writeIdxFile(gz, [5, 3, 4], data);
    for (const f of [plain, gz]) {
      const r = await readIdxFile(f);
      expect(r.dims).toEqual([5, 3, 4]);
      expect(r.type).toBe(0x08);
      expect(Array.from(r.data)).toEqual(Array.from(data));
    }
    // Big-endian multi-byte types.
    const ints = Buffer.alloc(4 + 4 + 8);
    ints[2] = 0x0c; ints[3] = 1;
    ints.writeUInt32BE(2, 4);
    ints.writeInt32BE(-7, 8);
    ints.writeInt32BE(70000, 12);
    expect(Array.from(parseIdx(ints, 'ints').data)).toEqual([-7, 70000]);
  });

  it('imports images with two label files and loads them back exactly', async () => {
    const n = 60, h = 6, w = 5;
    const pixels = Uint8Array.from({ length: n * h * w }, (_, i) => (i * 11 + 3) & 255);
    const y1 = Uint8Array.from({ length: n }, (_, i) => i % 3);
    const y2 = Uint8Array.from({ length: n }, (_, i) => (i % 2) * 7); // labels 0 and 7: binary
    writeFileSync(path.join(dir, 'img.idx.gz'), zlib.gzipSync(encodeIdx([n, h, w], pixels)));
    writeFileSync(path.join(dir, 'y1.idx'), encodeIdx([n], y1));
    writeFileSync(path.join(dir, 'y2.idx.gz'), zlib.gzipSync(encodeIdx([n], y2)));
    const repo = new MemoryRepo();
    const m = new DatasetManager({ dataDir: dir, repo });
    const info = await m.import({
      kind: 'idx', name: 'toy', images: path.join(dir, 'img.idx.gz'),
      labels: [path.join(dir, 'y1.idx'), path.join(dir, 'y2.idx.gz')], taskNames: ['shape', 'parity'], seed: 5,
    });
    expect(info.features).toEqual([{ name: 'image', kind: 'image', shape: [6, 5, 1] }]);
    expect(info.tasks).toEqual([
      { name: 'shape', kind: 'multiclass', classes: ['0', '1', '2'] },
      { name: 'parity', kind: 'binary', classes: ['0', '7'] },
    ]);
    expect(info.splits).toEqual({ train: 48, validation: 6, test: 6 });
    expect(repo.get(info.id)).toEqual(info);
    const loaded = await loadDataset(dir, info);
    expect(Array.from(loaded.features.image).map((v) => Math.round(v * 255))).toEqual(Array.from(pixels));
    expect(Array.from(loaded.labels.shape)).toEqual(Array.from(y1));
    expect(Array.from(loaded.labels.parity)).toEqual(Array.from(y2).map((v) => (v === 7 ? 1 : 0)));
    const all = [...loaded.splits.train, ...loaded.splits.validation, ...loaded.splits.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('EMNIST letters', () => {
  it('is unavailable with a clear reason until its files are there, then reads them (transposed, labels 1..26 → a..z)', async () => {
    const repo = new MemoryRepo();
    const emnistDir = path.join(dir, 'emnist');
    const m = new DatasetManager({ dataDir: dir, repo, env: isolatedEnv() });
    const listed = m.listSources().find((s) => s.name === 'emnist-letters')!;
    expect(listed.available).toBe(false);
    expect(listed.reason).toMatch(/EMNIST letters IDX files not found.*MTLW_EMNIST_DIR/);

    mkdirSync(emnistDir);
    const make = (count: number, first: number) => {
      const px = new Uint8Array(count * 28 * 28);
      for (let i = 0; i < count; i++) px[i * 784 + 0 * 28 + 3] = 200; // stored transposed: (row 0, col 3) means (row 3, col 0)
      return { px, labels: Uint8Array.from({ length: count }, (_, i) => 1 + ((i + first) % 26)) };
    };
    const train = make(52, 0), test = make(26, 5);
    await writeIdxFile(path.join(emnistDir, 'emnist-letters-train-images-idx3-ubyte.gz'), [52, 28, 28], train.px);
    await writeIdxFile(path.join(emnistDir, 'emnist-letters-train-labels-idx1-ubyte.gz'), [52], train.labels);
    await writeIdxFile(path.join(emnistDir, 'emnist-letters-test-images-idx3-ubyte.gz'), [26, 28, 28], test.px);
    await writeIdxFile(path.join(emnistDir, 'emnist-letters-test-labels-idx1-ubyte.gz'), [26], test.labels);

    const m2 = new DatasetManager({ dataDir: dir, repo, env: isolatedEnv({ MTLW_EMNIST_DIR: emnistDir }) });
    expect(m2.listSources().find((s) => s.name === 'emnist-letters')!.available).toBe(true);
    const info = await m2.createBuiltin({ source: 'emnist-letters' });
    expect(info.tasks[0]).toMatchObject({ name: 'letter', kind: 'multiclass' });
    expect(info.tasks[0].classes).toHaveLength(26);
    expect(info.splits.test).toBe(26);
    const loaded = await loadDataset(dir, info);
    const img = loaded.features.image.subarray(0, 784);
    expect(img[3 * 28 + 0]).toBeCloseTo(200 / 255, 6);
    expect(img[0 * 28 + 3]).toBe(0);
    // Every letter a..z appears in the official test rows (labels 6..26, 1..5).
    const testLetters = new Set(Array.from(loaded.splits.test).map((r) => info.tasks[0].classes![loaded.labels.letter[r]]));
    expect(testLetters.size).toBe(26);
    expect(testLetters.has('a') && testLetters.has('z')).toBe(true);
    // The same through option path.
    const viaPath = await m.createBuiltin({ source: 'emnist-letters', options: { path: emnistDir, limit: 20 } });
    expect(viaPath.rows).toBe(20);
  });
});
