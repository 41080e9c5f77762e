import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, json, tmpHome } from './helpers.js';

describe('mtl-workbench datasets import', () => {
  it('imports a headerless CSV with named columns and typed tasks, and refuses a missing file clearly', async () => {
    const home = tmpHome();
    const file = path.join(home, 'shop.csv');
    const rows = Array.from({ length: 80 }, (_, i) => `${20 + (i % 40)},c${i % 3},${1000 + i * 7},${i % 2},${i * 3}.5`);
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const r = await cli(['datasets', 'import', file, '--name', '商店 shop', '--no-header', '--columns', 'age,city,income,bought,spend', '--tasks', 'bought,spend:regression', '--seed', '4', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    const info = json(r);
    expect(info).toMatchObject({ name: '商店 shop', rows: 80 });
    expect(info.tasks).toEqual([expect.objectContaining({ name: 'bought', kind: 'binary' }), expect.objectContaining({ name: 'spend', kind: 'regression' })]);
    expect(info.splits.train + info.splits.validation + info.splits.test).toBe(80);
    const list = json(await cli(['datasets', 'list', '--json', '--home', home]));
    expect(list.map((d: { id: string }) => d.id)).toEqual([info.id]);

    const missing = await cli(['datasets', 'import', path.join(home, 'nope.csv'), '--name', 'x', '--tasks', 'a', '--json', '--home', home]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.message).toMatch(/nope\.csv.*not found/);
  });
});
