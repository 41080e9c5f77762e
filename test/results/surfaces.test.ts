// Constructed rows where the best test epoch (4) is not the epoch selected on validation (2): the store, the
// API and the CLI (JSON and CSV) all show the test value at epoch 2, labelled with its split and epoch.
// The Runs list and the Compare table in Chromium are checked by test/e2e/results.test.ts on the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { cli, json, tmpHome } from '../cli/helpers.js';
import { RUNS, SELECTED_EPOCH, TEST_MAX_EPOCH, seedConstructed, valueAt } from './constructed.js';

describe('the selected epoch on every surface (store, API, CLI JSON and CSV)', () => {
  const home = tmpHome();
  let wb: Workbench;
  const ew = RUNS[0];

  beforeAll(() => {
    wb = createWorkbench({ home, transport: 'in-process' });
    seedConstructed(wb.store);
  });
  afterAll(async () => {
    await wb.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('the rows really differ: test peaks at epoch 4, validation at epoch 2', () => {
    expect(valueAt(ew, 'test', 'left', TEST_MAX_EPOCH)).toBeGreaterThan(valueAt(ew, 'test', 'left', SELECTED_EPOCH));
    expect(valueAt(ew, 'validation', 'left', SELECTED_EPOCH)).toBeGreaterThan(valueAt(ew, 'validation', 'left', TEST_MAX_EPOCH));
  });

  it('store: the summary stored at the run end, selected on validation by validation Δm against its baselines', () => {
    const row = wb.store.db.prepare<[string], { summary_json: string; weights_epoch: number }>('SELECT summary_json, weights_epoch FROM runs WHERE id = ?').get(ew.id)!;
    const stored = JSON.parse(row.summary_json);
    expect(stored).toMatchObject({ rule: { kind: 'delta-m' }, selected: { epoch: SELECTED_EPOCH, split: 'validation' }, split: 'test' });
    expect(stored.tasks.left.accuracy).toEqual({ value: valueAt(ew, 'test', 'left', SELECTED_EPOCH), last: valueAt(ew, 'test', 'left', 4), lastEpoch: 4 });
    expect(row.weights_epoch).toBe(SELECTED_EPOCH);
    // a baseline (no baselines of its own): the default falls to the normalised mean, the same epoch here
    expect(wb.store.runs.get('stl-pc-s1-left')!.summary).toMatchObject({ rule: { kind: 'mean-normalized' }, selected: { epoch: SELECTED_EPOCH } });
  });

  it('API: records, compareRuns cells, seed statistics and Δm', async () => {
    const rec = await wb.api.getRun(ew.id);
    expect(rec.summary!.tasks.right.accuracy.value).toBe(valueAt(ew, 'test', 'right', SELECTED_EPOCH));
    const ids = RUNS.map((r) => r.id);
    const cmp = await wb.api.compareRuns({ runIds: ids });
    for (const r of RUNS) {
      expect(cmp.selections[r.id]).toMatchObject({ epoch: SELECTED_EPOCH, split: 'validation', reportSplit: 'test', weightsEpoch: SELECTED_EPOCH });
      for (const task of ['left', 'right'] as const) {
        const cell = cmp.rows.find((x) => x.task === task && x.metric === 'accuracy')!.cells[r.id];
        expect(cell.value, `${r.id} ${task}`).toBe(valueAt(r, 'test', task, SELECTED_EPOCH));
        expect(cell.last).toBe(valueAt(r, 'test', task, 4));
      }
    }
    expect(cmp.seedGroups).toEqual([['ew-s1', 'ew-s2', 'ew-s3'], ['pc-s1', 'pc-s2', 'pc-s3']]);
    const left = cmp.rows.find((x) => x.task === 'left' && x.metric === 'accuracy')!;
    expect(left.cells['ew-s1'].stats!.mean).toBeCloseTo((0.79 + 0.8 + 0.785) / 3, 12);
    expect(left.cells['pc-s1'].welch!.p).toBeLessThan(0.05); // PCGrad's left differs from EW's at 3 seeds
    const right = cmp.rows.find((x) => x.task === 'right' && x.metric === 'accuracy')!;
    expect(right.cells['pc-s1'].welch!.p).toBeGreaterThan(0.05); // right: not distinguishable
    // Δm of the first EW run against its baselines (0.05 below it at their own selected epoch 2), by hand
    expect(cmp.deltaM[ew.id]).toBeCloseTo(((0.05 / 0.74) * 100 + (0.05 / 0.64) * 100) / 2, 9);
  });

  it('CLI: runs compare --json and --csv, runs show', async () => {
    const ids = RUNS.map((r) => r.id);
    const out = json(await cli(['runs', 'compare', ...ids, '--json', '--home', home]));
    const want = await wb.api.compareRuns({ runIds: ids });
    expect(out).toEqual(JSON.parse(JSON.stringify(want)));
    const csv = await cli(['runs', 'compare', ...ids, '--csv', '--home', home]);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...lines] = csv.stdout.trim().split(/\r?\n/).map((l) => l.split(','));
    const col = (name: string) => header.indexOf(name);
    const left = lines.find((l) => l[0] === 'left' && l[1] === 'accuracy')!;
    const label = ew.id.slice(0, 8);
    expect(Number(left[col(`${label} value`)])).toBe(valueAt(ew, 'test', 'left', SELECTED_EPOCH));
    expect(left[col(`${label} split`)]).toBe('test');
    expect(Number(left[col(`${label} epoch`)])).toBe(SELECTED_EPOCH);
    expect(left[col(`${label} selected by`)]).toBe('delta-m on validation');
    expect(Number(left[col(`${label} n`)])).toBe(3);
    expect(Number(left[col(`${'pc-s1'.slice(0, 8)} p (Welch vs ${label})`)])).toBeLessThan(0.05);
    // nowhere the test maximum
    expect(csv.stdout).not.toContain(String(valueAt(ew, 'test', 'left', TEST_MAX_EPOCH)) + ',test');
    const text = await cli(['runs', 'show', ew.id, '--home', home]);
    expect(text.stdout).toMatch(/selected\s+epoch 2 on validation by delta-m; weights from epoch 2/);
    expect(text.stdout).toMatch(/test @ epoch 2/);
  });
});
