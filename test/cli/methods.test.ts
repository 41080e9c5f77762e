// The method library through the CLI, each on a real (small) run: every strategy added with the issue of
// twenty strategies trains through `mtl-workbench train --weighting NAME`, `--affinity-every N` prints the
// affinity cost before the run and the suggested grouping after it, and the Transformer template trains on a
// CSV with a text column.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, json, tmpHome } from './helpers.js';

const NEW_STRATEGIES = ['nash-mtl', 'fairgrad', 'aligned-mtl', 'gradvac', 'upgrad', 'dualproj', 'config', 'gls', 'stch', 'famo'];

describe('mtl-workbench train with the newer weighting strategies and task affinity', () => {
  const home = tmpHome();
  let datasetId = '';

  it('creates the MMoE synthetic pair with correlated tasks', async () => {
    const r = await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=400', '--option', 'dim=8', '--option', 'p=0.9', '--seed', '2', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    datasetId = json(r).id;
  });

  for (const name of NEW_STRATEGIES) {
    it(`trains with --weighting ${name}`, async () => {
      const r = await cli(['train', '--design', 'template:hps', '--dataset', datasetId, '--epochs', '1', '--batch-size', '32', '--lr', '0.01',
        '--weighting', name, '--backend', 'cpu', '--max-steps', '3', '--json', '--home', home], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      const out = json(r);
      expect(out.status).toBe('completed');
      for (const t of Object.keys(out.tasks)) expect(Number.isFinite(out.tasks[t].final.loss), `${name} ${t}`).toBe(true);
    }, 150_000);
  }

  it('--affinity-every prints the cost first and the suggested grouping at the end', async () => {
    const r = await cli(['train', '--design', 'template:hps', '--dataset', datasetId, '--epochs', '2', '--batch-size', '32', '--lr', '0.01',
      '--backend', 'cpu', '--affinity-every', '2', '--home', home], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    // 400 rows → 320 training rows → 10 steps an epoch, 20 in all: 10 measurements of 2 backward + 3 forward passes
    expect(r.stderr).toMatch(/Task affinity every 2 steps: 10 measurements of 2 backward \+ 3 forward passes .* about \+\d+% training time/);
    expect(r.stdout).toMatch(/Task affinity \(row's step onto column's loss, mean over epochs\):/);
    expect(r.stdout).toMatch(/2 groups: y\d \| y\d/);
    expect(r.stdout).toMatch(/Suggested grouping: y1\+y2/); // p = 0.9: the tasks help each other
  }, 150_000);

  it('template:transformer trains on a CSV with a text column (token + position embedding, encoder blocks, [CLS])', async () => {
    const words = ['good', 'bad', 'fine', 'awful', 'great', 'poor', 'nice', 'dull'];
    const rows = ['review,liked,score'];
    for (let i = 0; i < 120; i++) {
      const text = Array.from({ length: 6 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ');
      const liked = /good|great|nice/.test(text.split(' ')[0]) ? 1 : 0;
      rows.push(`${text},${liked},${(i % 10) / 10}`);
    }
    const file = path.join(home, 'reviews.csv');
    fs.writeFileSync(file, rows.join('\n'));
    const ds = await cli(['datasets', 'import', file, '--name', 'reviews', '--tasks', 'liked,score:regression', '--column-type', 'review=text', '--json', '--home', home]);
    expect(ds.code, ds.stderr).toBe(0);
    const r = await cli(['train', '--design', 'template:transformer', '--dataset', json(ds).id, '--epochs', '1', '--batch-size', '16', '--lr', '0.001',
      '--backend', 'cpu', '--max-steps', '3', '--json', '--home', home], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out.status).toBe('completed');
    expect(Object.keys(out.tasks).sort()).toEqual(['liked', 'score']);
    for (const t of Object.keys(out.tasks)) expect(Number.isFinite(out.tasks[t].final.loss), t).toBe(true);
  }, 150_000);
});
