// Each source's options are checked once, by the schema the source exports (the import sources' schemas are
// the API's, from shared/schemas/dataset.ts): faults are named, unknown import options refused.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { SOURCES } from '../../electron/datasets/sources/index.js';
import { importRequestSchema } from '../../shared/schemas/dataset.js';
import { MemoryRepo, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const manager = new DatasetManager({ dataDir: dir, repo: new MemoryRepo() });
const csv = path.join(dir, 'small.csv');
fs.writeFileSync(csv, 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');

describe('source options', () => {
  it('every source exports its options schema', () => {
    for (const s of SOURCES) expect(typeof s.options?.safeParse, s.name).toBe('function');
  });

  it('an unknown import option is refused, by the API schema and by the source alike', async () => {
    const req = { kind: 'csv' as const, path: csv, name: 'x', tasks: ['label'], validaton: 0.2 };
    expect(importRequestSchema.safeParse(req).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['validaton'] });
    await expect(manager.import(req as never)).rejects.toThrow(/unknown option validaton/);
  });

  it('a bad value is named with its option', async () => {
    await expect(manager.import({ kind: 'csv', path: csv, name: 'x', tasks: ['label'], validation: 2 })).rejects.toThrow(/option validation: .*0\.9/);
    await expect(manager.createBuiltin({ source: 'mmoe-synthetic', options: { dim: 'wide' } })).rejects.toThrow(/option dim must be an integer in 2..10000, got "wide"/);
  });

  it('options the import takes beyond the required ones reach it (validation and test shares)', async () => {
    const info = await manager.import({ kind: 'csv', path: csv, name: 'x', tasks: ['label'], validation: 0.25, test: 0.25, seed: 1 });
    expect(info.spec.options).toMatchObject({ validation: 0.25, test: 0.25 });
    expect(info.splits).toEqual({ train: 2, validation: 1, test: 1 });
  });
});
