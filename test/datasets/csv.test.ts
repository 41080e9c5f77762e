// CSV import: dialect, header, column types, missing values, tasks, text, streaming.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../shared/api.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { loadDataset } from '../../electron/datasets/load.js';
import { tokenize } from '../../electron/datasets/text.js';
import { randomSplits } from '../../electron/datasets/splits.js';
import { MemoryRepo, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const repo = new MemoryRepo();
const manager = new DatasetManager({ dataDir: dir, repo });
let n = 0;

type CsvReq = Omit<Extract<ImportRequest, { kind: 'csv' }>, 'kind' | 'path' | 'name'> & Record<string, unknown>;

async function importText(content: string | Buffer, req: CsvReq, file = `t${n++}.csv`) {
  const p = path.join(dir, file);
  writeFileSync(p, content);
  const info = await manager.import({ kind: 'csv', path: p, name: file, ...req } as ImportRequest);
  const loaded = await loadDataset(dir, info);
  return { info, loaded, path: p };
}

describe('CSV dialect and header', () => {
  it.each([
    [',', 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n'],
    [';', 'a;b;label\n1,5;2,5;x\n3,5;4;y\n5;6;x\n'],
    ['\t', 'a\tb\tlabel\n1\t2\tx\n3\t4\ty\n5\t6\tx\n'],
    ['|', 'a|b|label\n1|2|x\n3|4|y\n5|6|x\n'],
  ])('detects the delimiter %j', async (d, text) => {
    const { info } = await importText(text, { tasks: ['label'] });
    expect(info.spec.options.delimiter).toBe(d);
    expect(info.features[0]).toMatchObject({ kind: 'vector', columns: ['a', 'b'] });
    expect(info.rows).toBe(3);
  });

  it('reads quoted fields with delimiters, doubled quotes and newlines; CRLF line ends', async () => {
    const text = 'id,comment,label\r\n1,"hello, world",a\r\n2,"she said ""hi""",b\r\n3,"two\r\nlines",a\r\n4,plain,b\r\n';
    const { info, path: p } = await importText(text, { tasks: ['label'], columnTypes: { comment: 'categorical' } });
    expect(info.rows).toBe(4);
    const comment = info.features.find((f) => f.name === 'comment');
    expect(comment).toMatchObject({ kind: 'categorical' });
    expect((comment as { categories: string[] }).categories).toEqual(['hello, world', 'plain', 'she said "hi"', 'two\r\nlines']);
    const preview = await manager.preview(info.id);
    expect(preview.rows[1]).toEqual(['2', 'she said "hi"', 'b']);
    expect(p).toBeTruthy();
  });

  it('counts physical lines after a quoted newline when it reports a ragged row', async () => {
    const text = 'a,b,label\n1,"x\ny",p\n2,z,q\n3,w\n';
    await expect(importText(text, { tasks: ['label'] })).rejects.toMatchObject({ line: 5, column: 3 });
  });

  it('uses single quotes as the quote character when the file does', async () => {
    const { info } = await importText("name,v,label\n'a, b',1,x\n'c',2,y\n'd',3,x\n", { tasks: ['label'] });
    expect(info.spec.options.quote).toBe("'");
    expect(info.features.find((f) => f.name === 'name')).toMatchObject({ categories: ['a, b', 'c', 'd'] });
  });

  it('detects a header above numbers, and none in a numbers-only file (columns col1..colN)', async () => {
    const withHeader = await importText('x,y\n1,0\n2,1\n3,0\n', { tasks: ['y'] });
    expect(withHeader.info.spec.options.header).toBe(true);
    const without = await importText('1,0\n2,1\n3,0\n4,1\n', { tasks: ['col2'] });
    expect(without.info.spec.options.header).toBe(false);
    expect(without.info.rows).toBe(4);
    expect(without.info.tasks[0]).toMatchObject({ name: 'col2', kind: 'binary', classes: ['0', '1'] });
  });

  it('detects a header of words above words when no header value recurs in its column', async () => {
    const { info } = await importText('colour,size\nred,big\nblue,small\nred,small\n', { tasks: ['size'] });
    expect(info.spec.options.header).toBe(true);
    expect(info.rows).toBe(3);
    const noHeader = await importText('red,big\nblue,small\nred,small\n', { tasks: ['col2'] });
    expect(noHeader.info.rows).toBe(3);
  });

  it('header: false and columnNames rename headerless columns; tasks may use the new names', async () => {
    const { info } = await importText('39,State-gov,<=50K\n50,Private,>50K\n38,Private,<=50K\n', {
      tasks: ['income'], header: false, columnNames: { col1: 'age', col2: 'workclass', col3: 'income' },
    });
    expect(info.tasks[0]).toEqual({ name: 'income', kind: 'binary', classes: ['<=50K', '>50K'] });
    expect(info.features.map((f) => f.name)).toEqual(['features', 'workclass']);
    expect(info.features[0]).toMatchObject({ columns: ['age', 'workclass=Private', 'workclass=State-gov'] });
  });

  it('reads gzip-compressed CSV, a UTF-8 BOM, and Latin-1 text', async () => {
    const gz = await importText(zlib.gzipSync('a,label\n1,x\n2,y\n3,x\n'), { tasks: ['label'] }, 'z.csv.gz');
    expect(gz.info.rows).toBe(3);
    const bom = await importText('\ufeffa,label\n1,x\n2,y\n', { tasks: ['label'] });
    expect(bom.info.features[0]).toMatchObject({ columns: ['a'] });
    const latin1 = await importText(Buffer.from('city,label\nZürich,x\nGenève,y\n', 'latin1'), { tasks: ['label'] });
    expect(latin1.info.features.find((f) => f.name === 'city')).toMatchObject({ categories: ['Genève', 'Zürich'] });
  });
});

describe('CSV odd shapes', () => {
  it('reads old Mac line ends (CR only)', async () => {
    const { info } = await importText('a,label\r1,x\r2,y\r3,x\r', { tasks: ['label'] });
    expect(info.rows).toBe(3);
  });

  it('detects the dialect when the first rows are longer than the 64 KB sample', async () => {
    const long = 'word '.repeat(30_000);
    const { info } = await importText(`id;text;label\n1;${long};x\n2;${long};y\n3;short text here now;x\n`, { tasks: ['label'] });
    expect(info.spec.options.delimiter).toBe(';');
    expect(info.rows).toBe(3);
    expect(info.features.find((f) => f.name === 'text')).toMatchObject({ kind: 'text' });
  });

  it('a trailing delimiter on every line gives an empty column that is ignored', async () => {
    const { info } = await importText('a,b,\n1,x,\n2,y,\n3,x,\n', { tasks: ['b'] });
    expect(info.features[0]).toMatchObject({ columns: ['a'] });
  });
});

describe('CSV column types and missing values', () => {
  const text = [
    'age,colour,review,zip,label',
    '30,red,a really great product overall,10001,yes',
    '?,blue,terrible do not buy this,10002,no',
    '50,NA,,10003,yes',
    '40,red,it is fine i suppose,,no',
    '20,green,great value for money,10005,yes',
  ].join('\n');

  it('detects numeric, categorical and text columns', async () => {
    const { info, loaded } = await importText(text, { tasks: ['label'] });
    const kinds = Object.fromEntries(info.features.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({ features: 'vector', colour: 'categorical', review: 'text' });
    expect(info.features[0]).toMatchObject({ columns: ['age', 'zip', 'colour=blue', 'colour=green', 'colour=red'], size: 5 });
    // A missing category gets the index categories.length.
    expect(Array.from(loaded.features.colour)).toEqual([2, 0, 3, 2, 1]);
    // Missing numbers become 0 after standardisation (the training mean); one-hot rows are all zero.
    const v = loaded.features.features;
    expect(v[1 * 5 + 0]).toBe(0);
    expect(Array.from(v.subarray(2 * 5 + 2, 2 * 5 + 5))).toEqual([0, 0, 0]);
  });

  it('columnTypes override detection', async () => {
    const { info } = await importText(text, { tasks: ['label'], columnTypes: { zip: 'categorical', review: 'ignore', age: 'numeric' } });
    expect(info.features.map((f) => f.name)).toEqual(['features', 'colour', 'zip']);
    expect(info.features.find((f) => f.name === 'zip')).toMatchObject({ categories: ['10001', '10002', '10003', '10005'] });
  });

  it('standardises numeric columns with the training split\'s mean and std only', async () => {
    const rows = ['x,label'];
    for (let i = 0; i < 200; i++) rows.push(`${i},${i % 2 ? 'a' : 'b'}`);
    const { info, loaded } = await importText(rows.join('\n'), { tasks: ['label'] });
    const train = Array.from(loaded.splits.train);
    const mean = train.reduce((s, r) => s + r, 0) / train.length;
    const std = Math.sqrt(train.reduce((s, r) => s + (r - mean) ** 2, 0) / (train.length - 1));
    expect(info.stats[0]).toMatchObject({ feature: 'x' });
    expect(info.stats[0].mean).toBeCloseTo(mean, 6);
    expect(info.stats[0].std).toBeCloseTo(std, 6);
    const all = Array.from({ length: 200 }, (_, i) => i);
    expect(mean).not.toBeCloseTo(all.reduce((s, r) => s + r, 0) / 200, 6);
    for (const r of [0, 77, 199]) expect(loaded.features.features[r]).toBeCloseTo((r - mean) / std, 5);
    expect(info.splits).toEqual({ train: 160, validation: 20, test: 20 });
  });

  it('a column declared numeric that holds a word is an error naming the line and column', async () => {
    await expect(importText('a,b,label\n1,2,x\n3,oops,y\n', { tasks: ['label'], columnTypes: { b: 'numeric' } }))
      .rejects.toMatchObject({ name: 'DatasetError', line: 3, column: 2, columnName: 'b' });
  });
});

describe('CSV tasks', () => {
  it('infers binary, multiclass and regression, and takes overrides', async () => {
    const rows = ['f,yn,cls,grade,price,flag'];
    for (let i = 0; i < 30; i++) rows.push(`${i},${i % 2 ? 'yes' : 'no'},${['cat', 'dog', 'eel'][i % 3]},${1 + (i % 5)},${(i * 1.37).toFixed(2)},${i % 2}`);
    const { info } = await importText(rows.join('\n'), { tasks: ['yn', 'cls', 'grade', 'price', 'flag'] });
    expect(info.tasks).toEqual([
      { name: 'yn', kind: 'binary', classes: ['no', 'yes'] },
      { name: 'cls', kind: 'multiclass', classes: ['cat', 'dog', 'eel'] },
      { name: 'grade', kind: 'multiclass', classes: ['1', '2', '3', '4', '5'] },
      { name: 'price', kind: 'regression' },
      { name: 'flag', kind: 'binary', classes: ['0', '1'] },
    ]);
    const o = await importText(rows.join('\n'), { tasks: ['grade:regression', 'flag:multiclass'] });
    expect(o.info.tasks).toEqual([{ name: 'grade', kind: 'regression' }, { name: 'flag', kind: 'multiclass', classes: ['0', '1'] }]);
    expect(o.info.spec.options.tasks).toEqual(['grade:regression', 'flag:multiclass']);
  });

  it('a row whose label is missing for one task stays, masked for that task (NaN), not dropped, not class 0', async () => {
    const text = 'x,a,b\n1,cat,1.5\n2,?,2.5\n3,dog,NA\n4,,3.5\n5,dog,\n6,cat,4.5\n';
    const { info, loaded } = await importText(text, { tasks: ['a', 'b'] }, 'missing.csv');
    expect(info.rows).toBe(6);
    const a = Array.from(loaded.labels.a);
    const b = Array.from(loaded.labels.b);
    expect(a.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([0, 'NaN', 1, 'NaN', 1, 0]);
    expect(b.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([1.5, 2.5, 'NaN', 3.5, 'NaN', 4.5]);
    // The rows with a missing `a` still carry their `b` and their features.
    expect(loaded.features.features.length).toBe(6);
    const trainSet = new Set(loaded.splits.train);
    const missingInTrain = [1, 3].filter((r) => trainSet.has(r)).length;
    const balA = info.balance.find((x) => x.task === 'a')!;
    expect(balA.missing).toBe(missingInTrain);
    expect(balA.counts!.cat + balA.counts!.dog + balA.missing).toBe(loaded.splits.train.length);
    expect(balA.counts!.cat).toBe([0, 5].filter((r) => trainSet.has(r)).length);
  });

  it('names and types tasks by the column; a colon in a column name still works', async () => {
    const { info } = await importText('f,score:v2\n1,0.5\n2,1.25\n3,2.75\n4,3.5\n', { tasks: ['score:v2'] });
    expect(info.tasks).toEqual([{ name: 'score:v2', kind: 'regression' }]);
  });
});

describe('CSV text columns', () => {
  it('tokenizes lowercase on non-letters/digits, each CJK ideograph its own token', () => {
    expect(tokenize("Don't STOP-me now, 2 times!")).toEqual(['don', 't', 'stop', 'me', 'now', '2', 'times']);
    expect(tokenize('多任务learning很好')).toEqual(['多', '任', '务', 'learning', '很', '好']);
    expect(tokenize('  ')).toEqual([]);
  });

  it('builds the vocabulary on the training split only, with vocabSize and maxLength limits', async () => {
    const rows = ['text,label'];
    for (let i = 0; i < 100; i++) rows.push(`"common words here number${i} extra tail words",${i % 2}`);
    const { info, loaded } = await importText(rows.join('\n'), { tasks: ['label'], vocabSize: 6, maxLength: 4, columnTypes: { text: 'text' } });
    const f = info.features.find((x) => x.name === 'text')!;
    expect(f).toEqual({ name: 'text', kind: 'text', vocabSize: 6, maxLength: 4 });
    const ids = loaded.features.text as Int32Array;
    expect(ids.length).toBe(100 * 4);
    // 'words' appears twice per row: the most frequent token, id 2. number<i> is unique: out of vocabulary (1).
    const row0 = Array.from(ids.subarray(0, 4));
    expect(row0[3]).toBe(1); // number0
    expect(row0.every((v) => v >= 1 && v < 6)).toBe(true);
    // A token seen only in validation/test rows is out of vocabulary, however frequent it is there.
    const split = randomSplits(100, 3);
    const heldOut = new Set([...split.validation, ...split.test]);
    const rows2 = ['text,label'];
    for (let i = 0; i < 100; i++) rows2.push(`"alpha beta ${heldOut.has(i) ? 'zebra zebra zebra' : 'gamma'}",${i % 2}`);
    const res = await importText(rows2.join('\n'), { tasks: ['label'], columnTypes: { text: 'text' }, seed: 3 });
    expect(Array.from(res.loaded.splits.test)).toEqual(Array.from(split.test));
    const f2 = res.info.features.find((x) => x.name === 'text') as { maxLength: number; vocabSize: number };
    expect(f2.vocabSize).toBe(2 + 3); // pad, OOV, alpha, beta, gamma
    const t0 = split.test[0];
    const seq = Array.from((res.loaded.features.text as Int32Array).subarray(t0 * f2.maxLength, (t0 + 1) * f2.maxLength));
    // maxLength defaults to the 95th percentile of training lengths (3 here): alpha, beta, OOV.
    expect(f2.maxLength).toBe(3);
    expect(seq).toEqual([2, 3, 1]);
    const stats = res.info.stats.find((s) => s.feature === 'text')!;
    expect(stats.counts).toEqual({ alpha: 80, beta: 80, gamma: 80 });
  });
});

describe('CSV streaming', () => {
  it('parses across chunk boundaries, including a quoted newline that straddles one', async () => {
    const rows = ['id,note,label'];
    let bytes = rows[0].length + 1;
    let i = 0;
    // Fill to just below 1 MiB, then a multi-line quoted field crossing the boundary.
    while (bytes < (1 << 20) - 20) {
      const line = `${i},n${i % 7},${i % 3}`;
      rows.push(line);
      bytes += line.length + 1;
      i++;
    }
    rows.push(`${i},"first line\n${'x'.repeat(50)} second, with comma",${i % 3}`);
    i++;
    for (let k = 0; k < 1000; k++, i++) rows.push(`${i},n${i % 7},${i % 3}`);
    const { info, loaded } = await importText(rows.join('\n') + '\n', { tasks: ['label'], columnTypes: { note: 'ignore' } }, 'big.csv');
    expect(info.rows).toBe(i);
    // id is standardised; recover it with the training mean/std and check the order of the rows.
    const { mean, std } = info.stats[0] as { mean: number; std: number };
    for (const r of [0, 1000, i - 1]) expect(loaded.features.features[r] * std + mean).toBeCloseTo(r, 1);
    expect(loaded.labels.label[i - 1]).toBe((i - 1) % 3);
  });
});
