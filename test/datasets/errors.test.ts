// Bad input: a clear DatasetError naming the file (and the line and column where they apply), and
// nothing half-imported: the repo and the datasets folder are as they were.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../shared/api.js';
import { DatasetError } from '../../electron/datasets/errors.js';
import { encodeIdx } from '../../electron/datasets/idx.js';
import { encodePng } from '../../electron/datasets/image.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { isolatedEnv, MemoryRepo, snapshot, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const repo = new MemoryRepo();
const manager = new DatasetManager({ dataDir: dir, repo, env: isolatedEnv() });
const datasets = path.join(dir, 'datasets');

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Runs a failing import and checks the error and that nothing changed. */
async function failing(req: ImportRequest | (() => Promise<unknown>)): Promise<DatasetError> {
  const before = { files: snapshot(datasets), rows: repo.list().map((d) => d.id) };
  let err: unknown;
  try {
    if (typeof req === 'function') await req();
    else await manager.import(req);
  } catch (e) {
    err = e;
  }
  expect(err, 'the import should fail').toBeInstanceOf(DatasetError);
  expect(snapshot(datasets)).toEqual(before.files);
  expect(repo.list().map((d) => d.id)).toEqual(before.rows);
  return err as DatasetError;
}

const csv = (p: string, tasks = ['label']): ImportRequest => ({ kind: 'csv', path: p, name: 'x', tasks });

beforeAll(async () => {
  // One good dataset first, so "unchanged" is checked against a folder with content.
  await manager.import(csv(file('good.csv', 'a,label\n1,x\n2,y\n3,x\n')));
  expect(snapshot(datasets).length).toBeGreaterThan(3);
});

describe('bad CSV input', () => {
  it('an empty file', async () => {
    const p = file('empty.csv', '');
    const e = await failing(csv(p));
    expect(e.file).toBe(p);
    expect(e.message).toBe(`${p}: empty file`);
    const blank = file('blank.csv', '\n\n  \n');
    expect((await failing(csv(blank))).message).toMatch(/blank\.csv: empty file/);
  });

  it('a header and no rows', async () => {
    expect((await failing(csv(file('header.csv', 'a,label\n')))).message).toMatch(/header\.csv: no data rows/);
  });

  it('ragged rows: the line and the column', async () => {
    const p = file('ragged.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6\n7,8,x\n');
    const e = await failing(csv(p));
    expect(e).toMatchObject({ file: p, line: 4, column: 3, columnName: 'label' });
    expect(e.message).toBe(`${p}, line 4, column 3 ("label"): ragged row: 2 fields, expected 3 as in line 1`);
    const more = await failing(csv(file('ragged2.csv', 'a,b,label\n1,2,x\n3,4,y,9\n')));
    expect(more).toMatchObject({ line: 3, column: 4 });
  });

  it('a corrupt gzip file', async () => {
    const gz = zlib.gzipSync(Buffer.from('a,label\n' + '1,x\n2,y\n'.repeat(5000)));
    const broken = Buffer.from(gz);
    for (let i = 40; i < 80; i++) broken[i] ^= 0x5a;
    const p = file('broken.csv.gz', broken);
    const e = await failing(csv(p));
    expect(e.file).toBe(p);
    expect(e.message).toMatch(/corrupt gzip/);
    const cut = file('cut.csv.gz', gz.subarray(0, gz.length - 200));
    expect((await failing(csv(cut))).message).toMatch(/cut\.csv\.gz: corrupt gzip/);
  });

  it('a label column with a single class', async () => {
    const p = file('oneclass.csv', 'a,label\n1,x\n2,x\n3,?\n');
    const e = await failing(csv(p));
    expect(e).toMatchObject({ file: p, column: 2, columnName: 'label' });
    expect(e.message).toMatch(/single class \("x"\)/);
  });

  it('a file that is not text', async () => {
    const png = file('image.csv', encodePng(new Uint8Array(16), 4, 4, 1));
    expect((await failing(csv(png))).message).toMatch(/image\.csv: not a text file/);
    const rnd = file('random.bin', randomBytes(300));
    expect((await failing(csv(rnd))).message).toMatch(/random\.bin: not a text file/);
    const zip = file('book.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(100)]));
    expect((await failing(csv(zip))).message).toMatch(/ZIP archive/);
  });

  it('an unknown task column lists the columns', async () => {
    const p = file('cols.csv', 'age,income\n1,x\n2,y\n');
    const e = await failing(csv(p, ['salary']));
    expect(e.message).toBe(`${p}: unknown task column "salary"; the columns are "age", "income"`);
  });

  it('an unterminated quote: the line where the field starts', async () => {
    const p = file('quote.csv', 'a,b,label\n1,2,x\n3,"oops,y\n5,6,x\n');
    const e = await failing(csv(p));
    expect(e).toMatchObject({ file: p, line: 3, column: 2 });
    expect(e.message).toMatch(/unterminated quoted field/);
  });

  it('a line over 16 MB is blamed on a missing line break, or on an open quote only when there is one', async () => {
    const long = '1'.repeat(17 * 1024 * 1024);
    const noBreak = file('one-line.csv', long);
    expect((await failing(csv(noBreak))).message).toBe(`${noBreak}, line 1: a line longer than 16 MB with no line break and no quote: a CSV needs one row per line (is this a text file?)`);
    const afterHeader = file('long-row.csv', `a,label\n${long}`);
    expect((await failing(csv(afterHeader))).message).toMatch(/long-row\.csv, line 2: a line longer than 16 MB with no line break and no quote/);
    const quoted = file('open-quote.csv', `a,label\n"${long}`);
    expect((await failing(csv(quoted))).message).toMatch(/open-quote\.csv, line 2: a row longer than 16 MB: probably a quote that is never closed/);
  });

  it('a file that does not exist', async () => {
    const p = path.join(dir, 'nope.csv');
    expect((await failing(csv(p))).message).toBe(`${p}: file not found`);
  });

  it('a regression task with a word in it: line and column', async () => {
    const p = file('reg.csv', 'a,price\n1,2.5\n2,3.5\n3,cheap\n');
    expect(await failing(csv(p, ['price:regression']))).toMatchObject({ line: 4, column: 2, columnName: 'price' });
  });
});

describe('bad IDX input', () => {
  const images = encodeIdx([3, 2, 2], new Uint8Array(12).map((_, i) => i));
  const labels = encodeIdx([3], new Uint8Array([0, 1, 0]));
  const idx = (img: string, lab: string[]): ImportRequest => ({ kind: 'idx', images: img, labels: lab, name: 'i' });

  it('a truncated IDX file', async () => {
    const img = file('trunc-images.idx', images.subarray(0, images.length - 5));
    const e = await failing(idx(img, [file('l.idx', labels)]));
    expect(e.file).toBe(img);
    expect(e.message).toMatch(/truncated IDX file: the header declares 3 × 2 × 2 unsigned byte values \(12 bytes\), the file holds 7/);
    const lab = file('trunc-labels.idx.gz', zlib.gzipSync(labels.subarray(0, 6)));
    expect((await failing(idx(file('ok-images.idx', images), [lab]))).message).toMatch(/trunc-labels\.idx\.gz: truncated IDX header/);
  });

  it('a corrupt gzip IDX file', async () => {
    const gz = zlib.gzipSync(images);
    const p = file('corrupt.idx.gz', Buffer.concat([gz.subarray(0, 12), Buffer.alloc(20, 0xff), gz.subarray(32)]));
    const e = await failing(idx(p, [file('l2.idx', labels)]));
    expect(e.file).toBe(p);
    expect(e.message).toMatch(/corrupt gzip/);
  });

  it('not an IDX file, a label count that differs, a single-class label file', async () => {
    expect((await failing(idx(file('text.idx', 'hello world'), [file('l3.idx', labels)]))).message).toMatch(/not an IDX file/);
    const short = file('short-labels.idx', encodeIdx([2], new Uint8Array([0, 1])));
    expect((await failing(idx(file('i2.idx', images), [short]))).message).toMatch(/short-labels\.idx: 2 labels for 3 images/);
    const one = file('one-labels.idx', encodeIdx([3], new Uint8Array([4, 4, 4])));
    expect((await failing(idx(file('i3.idx', images), [one]))).message).toMatch(/one-labels\.idx: the label file has a single class/);
  });
});

describe('bad image lists', () => {
  it('an image path that does not exist: the list file, line and column', async () => {
    file('a.png', encodePng(new Uint8Array(4).fill(200), 2, 2, 1));
    const list = file('images.csv', 'file,label\na.png,x\nmissing.png,y\na.png,y\n');
    const e = await failing({ kind: 'image-list', path: list, name: 'l', tasks: ['label'] });
    expect(e).toMatchObject({ file: list, line: 3, column: 1, columnName: 'file' });
    expect(e.message).toContain(`image not found: ${path.join(dir, 'missing.png')}`);
  });

  it('a file that is not an image', async () => {
    file('fake.png', 'not really a png');
    const list = file('images2.csv', 'file,label\nfake.png,x\nfake.png,y\n');
    expect((await failing({ kind: 'image-list', path: list, name: 'l', tasks: ['label'] })).message).toMatch(/line 2, column 1 \("file"\): (cannot decode|not a PNG)/);
  });
});

describe('failures after the data is built leave nothing either', () => {
  it('a repo that refuses the row: the written folder is removed', async () => {
    const refusing = new MemoryRepo();
    refusing.insert = () => { throw new Error('disk full'); };
    const m = new DatasetManager({ dataDir: dir, repo: refusing, env: isolatedEnv() });
    const before = snapshot(datasets);
    await expect(m.import(csv(file('ok.csv', 'a,label\n1,x\n2,y\n')))).rejects.toThrow('disk full');
    expect(snapshot(datasets)).toEqual(before);
  });

  it('unknown sources and bad options are DatasetErrors too', async () => {
    expect((await failing(() => manager.createBuiltin({ source: 'imagenet' }))).message).toMatch(/unknown dataset source "imagenet"/);
    expect((await failing(() => manager.createBuiltin({ source: 'multi-mnist', options: { limit: 'lots' } }))).message).toMatch(/option limit must be an integer/);
    expect((await failing(() => manager.createBuiltin({ source: 'mmoe-synthetic', seed: -1 }))).message).toMatch(/seed must be a non-negative integer/);
    const e = await failing(() => manager.createBuiltin({ source: 'emnist-letters' }));
    expect(e.message).toMatch(/EMNIST letters IDX files not found/);
    expect(e.code).toBe('not-found');
  });
});
