import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createWorkbench } from '../../electron/services/workbench.js';
import { cli, json, tmpHome } from './helpers.js';

describe('mtl-workbench designs list|export, and training an exported design file', () => {
  it('exports a saved design as JSON and as Keras code; the JSON file trains', async () => {
    const home = tmpHome();
    // a design saved from the app (in process, on the same data folder)
    const wb = createWorkbench({ home, transport: 'in-process' });
    const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 300, dim: 8 } });
    const design = await wb.api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
    const saved = await wb.api.saveDesign({ name: 'MMoE 两个任务', design });
    await wb.close();

    const list = json(await cli(['designs', 'list', '--json', '--home', home]));
    expect(list.map((d: { id: string; name: string }) => [d.id, d.name])).toEqual([[saved.id, 'MMoE 两个任务']]);
    const table = await cli(['designs', 'list', '--home', home]);
    expect(table.stdout).toMatch(new RegExp(`${saved.id}\\s+MMoE 两个任务\\s+\\d+\\s+2`)); // two heads

    const exported = await cli(['designs', 'export', saved.id, '--home', home]);
    expect(exported.code, exported.stderr).toBe(0);
    const file = path.join(home, 'design.json');
    fs.writeFileSync(file, exported.stdout);
    expect(JSON.parse(exported.stdout).design.nodes.length).toBe(design.nodes.length);

    const keras = await cli(['designs', 'export', saved.id, '--keras', '--home', home]);
    expect(keras.code, keras.stderr).toBe(0);
    expect(keras.stdout).toMatch(/keras/);
    expect(keras.stdout).toMatch(/Model\(/);

    const trained = await cli(['train', '--design', file, '--dataset', ds.id, '--epochs', '1', '--max-steps', '1', '--backend', 'cpu', '--weighting', 'uw', '--json', '--home', home]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(json(trained)).toMatchObject({ status: 'completed', backend: 'cpu' });
    expect(Object.keys(json(trained).tasks).sort()).toEqual(['y1', 'y2']);

    const bySavedId = await cli(['train', '--design', saved.id, '--dataset', 'no-such-dataset', '--json', '--home', home]);
    expect(bySavedId.code).toBe(1);
    expect(JSON.parse(bySavedId.stderr).error).toMatchObject({ code: 'not-found', message: expect.stringContaining("dataset 'no-such-dataset' does not exist") });
  });
});
