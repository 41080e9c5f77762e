// Image list import with tiny PNG and JPEG files generated here.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng } from '../../electron/datasets/image.js';
import { loadDataset } from '../../electron/datasets/load.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { MemoryRepo, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const repo = new MemoryRepo();
const manager = new DatasetManager({ dataDir: dir, repo });

/** A 4×4 grey image: left half `a`, right half `b`. */
function halves(a: number, b: number, size = 4): Uint8Array {
  const px = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) px[y * size + x] = x < size / 2 ? a : b;
  return px;
}

describe('image-list import', () => {
  it('greyscale PNGs and JPEGs, relative paths, resized to the first image\'s size', async () => {
    const imgDir = path.join(dir, 'grey');
    mkdirSync(path.join(imgDir, 'img'), { recursive: true });
    writeFileSync(path.join(imgDir, 'img', 'a.png'), encodePng(halves(0, 255), 4, 4, 1));
    writeFileSync(path.join(imgDir, 'img', 'b.png'), encodePng(halves(255, 0), 4, 4, 1));
    writeFileSync(path.join(imgDir, 'img', 'big.png'), encodePng(halves(0, 255, 8), 8, 8, 1)); // 8×8 -> 4×4
    const grey = halves(40, 220);
    const rgb = new Uint8Array(16 * 3);
    for (let i = 0; i < 16; i++) rgb.fill(grey[i], i * 3, i * 3 + 3);
    writeFileSync(path.join(imgDir, 'img', 'c.jpg'), encodeJpeg(rgb, 4, 4, 100));
    const list = path.join(imgDir, 'list.csv');
    writeFileSync(list, 'path,side,weight\nimg/a.png,right,1.5\nimg/b.png,left,2.5\nimg/big.png,right,?\nimg/c.jpg,right,3\n');
    const info = await manager.import({ kind: 'image-list', path: list, name: 'grey', tasks: ['side', 'weight'] });
    expect(info.features).toEqual([{ name: 'image', kind: 'image', shape: [4, 4, 1] }]);
    expect(info.tasks).toEqual([{ name: 'side', kind: 'binary', classes: ['left', 'right'] }, { name: 'weight', kind: 'regression' }]);
    expect(info.spec.options).toMatchObject({ pathColumn: 'path', size: [4, 4], channels: 1 });
    const loaded = await loadDataset(dir, info);
    const row = (r: number) => Array.from(loaded.features.image.subarray(r * 16, r * 16 + 16)).map((v) => Math.round(v * 255));
    expect(row(0)).toEqual(Array.from(halves(0, 255)));
    expect(row(1)).toEqual(Array.from(halves(255, 0)));
    // The 8×8 image, bilinear to 4×4: each output pixel averages a 2×2 block of one half.
    expect(row(2)).toEqual(Array.from(halves(0, 255)));
    // JPEG is lossy: close to the source.
    row(3).forEach((v, i) => expect(Math.abs(v - grey[i])).toBeLessThanOrEqual(12));
    expect(Array.from(loaded.labels.side)).toEqual([1, 0, 1, 1]);
    expect(Number.isNaN(loaded.labels.weight[2])).toBe(true);
    const preview = await manager.preview(info.id, 4);
    expect(preview.images).toHaveLength(4);
    expect(preview.images![1].labels).toEqual({ side: 'left', weight: '2.5' });
    expect(preview.images![2].labels.weight).toBe('—');
    const decoded = PNG.sync.read(Buffer.from(preview.images![0].dataUrl.split(',')[1], 'base64'));
    expect([decoded.width, decoded.height]).toEqual([4, 4]);
    expect(decoded.data[0]).toBe(0);
    expect(decoded.data[3 * 4]).toBe(255);
  });

  it('keeps RGB when any image has colour, and takes an explicit size and path column', async () => {
    const imgDir = path.join(dir, 'rgb');
    mkdirSync(imgDir, { recursive: true });
    const red = new Uint8Array(2 * 2 * 3);
    for (let i = 0; i < 4; i++) red.set([255, 0, 0], i * 3);
    writeFileSync(path.join(imgDir, 'red.png'), encodePng(red, 2, 2, 3));
    writeFileSync(path.join(imgDir, 'grey.png'), encodePng(new Uint8Array(4).fill(128), 2, 2, 1));
    writeFileSync(path.join(imgDir, 'blue.jpg'), encodeJpeg(new Uint8Array(12).map((_, i) => (i % 3 === 2 ? 255 : 0)), 2, 2, 100));
    const list = path.join(imgDir, 'list.tsv');
    writeFileSync(list, 'label\tpicture\nwarm\tred.png\ncold\tblue.jpg\nnone\tgrey.png\n');
    const info = await manager.import({ kind: 'image-list', path: list, name: 'rgb', tasks: ['label'], pathColumn: 'picture', size: [3, 3] } as never);
    expect(info.features).toEqual([{ name: 'image', kind: 'image', shape: [3, 3, 3] }]);
    const loaded = await loadDataset(dir, info);
    const px = (r: number, i: number) => Array.from(loaded.features.image.subarray((r * 9 + i) * 3, (r * 9 + i) * 3 + 3)).map((v) => Math.round(v * 255));
    expect(px(0, 4)).toEqual([255, 0, 0]);
    const blue = px(1, 4);
    expect(blue[2]).toBeGreaterThan(230);
    expect(blue[0]).toBeLessThan(30);
    expect(px(2, 0)).toEqual([128, 128, 128]);
    expect(info.tasks[0].classes).toEqual(['cold', 'none', 'warm']);
  });
});
