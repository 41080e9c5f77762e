import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, json, tmpHome } from './helpers.js';

describe('mtl-workbench train and the run commands, end to end on one data folder', () => {
  const home = tmpHome();
  let datasetId: string;
  let runId: string;
  let baselineIds: string[];

  it('creates a built-in dataset', async () => {
    const r = await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=400', '--option', 'dim=8', '--option', 'p=0.9', '--seed', '2', '--name', 'synthetic', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    const info = json(r);
    expect(info.tasks.map((t: { name: string }) => t.name)).toHaveLength(2);
    datasetId = info.id;
  });

  it('trains a template with baselines and prints one JSON object with per-task final and best metrics', async () => {
    const r = await cli([
      'train', '--design', 'template:hps', '--dataset', datasetId, '--epochs', '2', '--batch-size', '32', '--lr', '0.01',
      '--weighting', 'dwa', '--weighting-param', 'T=2', '--seed', '3', '--backend', 'cpu', '--max-steps', '3', '--baselines', '--json', '--home', home,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ status: 'completed', backend: 'cpu' });
    expect(typeof out.device).toBe('string');
    const tasks = Object.keys(out.tasks);
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(Object.keys(out.tasks[t].final).length).toBeGreaterThan(0);
      for (const [m, v] of Object.entries(out.tasks[t].final)) {
        expect(Number.isFinite(v as number), `${t} ${m}`).toBe(true);
        expect(out.tasks[t].best[m]).toBeDefined();
      }
    }
    expect(out.baselines.map((b: { baselineTask: string }) => b.baselineTask).sort()).toEqual(tasks.sort());
    expect(r.stderr).toMatch(/epoch 2\/2 done  y\d /); // progress went to stderr
    runId = out.runId;
    baselineIds = out.baselines.map((b: { runId: string }) => b.runId);
  });

  it('lists, shows, compares (JSON and CSV) and exports the run', async () => {
    const list = json(await cli(['runs', 'list', '--json', '--home', home]));
    expect(list.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect(json(await cli(['runs', 'list', '--baselines', '--json', '--home', home]))).toHaveLength(3);
    const show = json(await cli(['runs', 'show', runId.slice(0, 8), '--json', '--home', home]));
    expect(show).toMatchObject({ id: runId, status: 'completed', weighting: 'dwa', seed: 3 });
    expect(show.config.weighting.params).toEqual({ T: 2 });
    const cmp = json(await cli(['runs', 'compare', runId, '--json', '--home', home]));
    expect(cmp.baselineRunIds.sort()).toEqual([...baselineIds].sort());
    expect(typeof cmp.deltaM[runId]).toBe('number');
    const csv = await cli(['runs', 'compare', runId, ...baselineIds, '--csv', '--home', home]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^task,metric,direction/);
    const out = path.join(home, 'export.json');
    const exp = await cli(['runs', 'export', runId, '--out', out, '--json', '--home', home]);
    expect(exp.code).toBe(0);
    const data = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(data.run.id).toBe(runId);
    expect(data.metrics.length).toBe(json(exp).metrics);
    const text = await cli(['runs', 'list', '--home', home]);
    expect(text.stdout).toMatch(new RegExp(`${runId.slice(0, 8)}.*completed.*dwa`));
  });

  it('refuses an unknown weighting strategy, listing the known ones', async () => {
    const r = await cli(['train', '--design', 'template:hps', '--dataset', datasetId, '--weighting', 'magic', '--json', '--home', home]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.message).toMatch(/unknown strategy 'magic'; choose one of .*ew/);
  });
});
