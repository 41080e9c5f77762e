import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, json, tmpHome } from './helpers.js';

describe('mtl-workbench train and the run commands, end to end on one data folder', () => {
  const home = tmpHome();
  let datasetId: string;
  let runId: string;
  let baselineIds: string[];
  let trained: { selected: { epoch: number; rule: { kind: string }; split: string }; split: string; weightsEpoch: number; tasks: Record<string, { selected: Record<string, number>; final: Record<string, number> }> };

  it('creates a built-in dataset', async () => {
    const r = await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=400', '--option', 'dim=8', '--option', 'p=0.9', '--seed', '2', '--name', 'synthetic', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    const info = json(r);
    expect(info.tasks.map((t: { name: string }) => t.name)).toHaveLength(2);
    datasetId = info.id;
  });

  it('trains a template with baselines and prints one JSON object: the selected epoch, values at it and last values', async () => {
    const r = await cli([
      'train', '--design', 'template:hps', '--dataset', datasetId, '--epochs', '4', '--batch-size', '32', '--lr', '0.01',
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
        expect(Number.isFinite(out.tasks[t].selected[m]), `${t} ${m} at the selected epoch`).toBe(true);
      }
    }
    // selected on validation, reported on test; the default rule is validation Δm where the baselines have ended
    expect(out.selected).toMatchObject({ epoch: expect.any(Number), split: 'validation', rule: { kind: expect.stringMatching(/^(delta-m|mean-normalized)$/) } });
    expect(out.split).toBe('test');
    expect(out.weightsEpoch).toEqual(expect.any(Number));
    trained = out;
    expect(out.baselines.map((b: { baselineTask: string }) => b.baselineTask).sort()).toEqual(tasks.sort());
    expect(r.stderr).toMatch(/epoch 4\/4 done  y\d /); // progress went to stderr
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
    // train --json printed exactly the exported test rows at selected.epoch (the highest step of that epoch)
    type Row = { epoch: number; step: number; split: string; task: string; metric: string; value: number };
    const at = (task: string, metric: string, epoch: number) =>
      (data.metrics as Row[]).filter((m) => m.split === 'test' && m.task === task && m.metric === metric && m.epoch === epoch).sort((a, b) => b.step - a.step)[0]?.value;
    for (const [task, v] of Object.entries(trained.tasks)) {
      for (const [metric, value] of Object.entries(v.selected)) expect(value, `${task} ${metric}`).toBe(at(task, metric, trained.selected.epoch));
    }
    expect(data.run.summary.selected.epoch).toBe(trained.selected.epoch);
    // compare (JSON and CSV) shows the same values, labelled with the split and epoch
    for (const row of cmp.rows) expect(row.cells[runId].value).toBe(trained.tasks[row.task].selected[row.metric]);
    expect(cmp.selections[runId]).toMatchObject({ epoch: trained.selected.epoch, reportSplit: 'test', split: 'validation' });
    const [header, ...lines] = csv.stdout.trim().split(/\r?\n/);
    const cols = header.split(',');
    const valueCol = cols.indexOf(`${runId.slice(0, 8)} value`);
    expect(cols[valueCol + 1]).toBe(`${runId.slice(0, 8)} split`);
    const first = lines[0].split(',');
    expect(first[valueCol + 1]).toBe('test');
    expect(Number(first[valueCol + 2])).toBe(trained.selected.epoch);
    expect(Number(first[valueCol])).toBe(trained.tasks[first[0]].selected[first[1]]);
    const text = await cli(['runs', 'list', '--home', home]);
    expect(text.stdout).toMatch(new RegExp(`${runId.slice(0, 8)}.*completed.*dwa`));
  });

  it('refuses an unknown weighting strategy, listing the known ones', async () => {
    const r = await cli(['train', '--design', 'template:hps', '--dataset', datasetId, '--weighting', 'magic', '--json', '--home', home]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.message).toMatch(/unknown strategy 'magic'; choose one of .*ew/);
  });
});
