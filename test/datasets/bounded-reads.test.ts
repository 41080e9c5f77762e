// Readers never read more than a file's format promises: device files, gzip bombs and headers that
// declare terabytes are refused with the file named, under a memory cap (a child with a small heap and
// an RSS watchdog at 1.5 GB), so a regression fails here instead of filling the machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../electron/datasets/idx.js';
import { cappedCli } from '../capped.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mtlw-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const home = path.join(dir, 'home');
const labels = path.join(dir, 'labels.idx');
writeFileSync(labels, encodeIdx([10], new Uint8Array(10).map((_, i) => i % 2)));

/** A gzip file whose first member starts with a valid IDX header (10 × 28 × 28) and that inflates to ~2 GiB. */
function gzipBomb(file: string): void {
  const header = encodeIdx([10, 28, 28], new Uint8Array(10 * 28 * 28));
  const zeros = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }); // ~64 KB
  const parts = [zlib.gzipSync(header), ...Array.from({ length: 32 }, () => zeros)];
  writeFileSync(file, Buffer.concat(parts));
}

const importIdx = (images: string, labelFile = labels) =>
  cappedCli(['datasets', 'import', images, '--kind', 'idx', '--labels', labelFile, '--name', 'z', '--home', home]);

describe('bounded reads under a memory cap', () => {
  it('an IDX import from /dev/zero is refused as not a regular file', async () => {
    const r = await importIdx('/dev/zero', '/dev/zero');
    expect(r.overCap, `peak RSS ${r.peakRssMb} MiB`).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/dev/zero: not a regular file (a device)');
  });

  it('a gzip bomb behind a valid IDX header stops at the size the header declares', async () => {
    const bomb = path.join(dir, 'bomb-idx3-ubyte.gz');
    gzipBomb(bomb);
    const r = await importIdx(bomb);
    expect(r.overCap, `peak RSS ${r.peakRssMb} MiB`).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bomb-idx3-ubyte\.gz: IDX file holds more than the 7.7 KiB its header declares \(10 × 28 × 28\)/);
  });

  it('a header that declares more than memory allows is refused before anything is allocated', async () => {
    const huge = Buffer.alloc(16);
    huge[2] = 0x08; huge[3] = 3;
    huge.writeUInt32BE(1_000_000, 4); huge.writeUInt32BE(1000, 8); huge.writeUInt32BE(1000, 12);
    const file = path.join(dir, 'huge.idx.gz');
    writeFileSync(file, zlib.gzipSync(huge));
    const r = await importIdx(file);
    expect(r.overCap).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.idx\.gz: the header declares 1000000 × 1000 × 1000 unsigned byte values \(931\.3 GiB\), more than the .* one IDX file may hold here/);
  });

  it('an image list naming /dev/zero is refused with the list, line and column', async () => {
    const list = path.join(dir, 'list.csv');
    writeFileSync(list, 'path,label\n/dev/zero,0\n/dev/zero,1\n');
    const r = await cappedCli(['datasets', 'import', list, '--kind', 'image-list', '--path-column', 'path', '--tasks', 'label', '--name', 'l', '--home', home]);
    expect(r.overCap, `peak RSS ${r.peakRssMb} MiB`).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${list}, line 2, column 1 ("path"): /dev/zero is not a regular file (a device)`);
  });
});
