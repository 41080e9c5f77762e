// The curve cache: an ended run's rows folded into one row per (split, task, metric). What a reader gets
// from it must be what the rows say, before and after the run ends, whatever order the rows came in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore, type Store } from '../../electron/store/index.js';
import type { MetricRow } from '../../shared/run.js';
import { curvePoints } from '../../shared/compare/curves.js';
import { tmpHome, runConfig } from './helpers.js';

/**
 * The expected curves, straight from rows: grouped by split, then task, then metric, each in the order the rows
 * first name it; per epoch the row with the highest step (the later row on a tie); epochs whose value is NaN
 * hold no point.
 */
function expected(rows: MetricRow[]): [string, string, string, number[], number[]][] {
  const out = new Map<string, Map<string, Map<string, Map<number, { step: number; value: number }>>>>();
  for (const r of rows) {
    if (!out.has(r.split)) out.set(r.split, new Map());
    const bySplit = out.get(r.split)!;
    if (!bySplit.has(r.task)) bySplit.set(r.task, new Map());
    const byTask = bySplit.get(r.task)!;
    if (!byTask.has(r.metric)) byTask.set(r.metric, new Map());
    const byEpoch = byTask.get(r.metric)!;
    const prev = byEpoch.get(r.epoch);
    if (!prev || r.step >= prev.step) byEpoch.set(r.epoch, { step: r.step, value: r.value });
  }
  const list: [string, string, string, number[], number[]][] = [];
  for (const [split, bySplit] of out) {
    for (const [task, byTask] of bySplit) {
      for (const [metric, byEpoch] of byTask) {
        const epochs = [...byEpoch.keys()].sort((a, b) => a - b).filter((e) => Number.isFinite(byEpoch.get(e)!.value));
        list.push([split, task, metric, epochs, epochs.map((e) => byEpoch.get(e)!.value)]);
      }
    }
  }
  return list;
}

const read = (s: Store, id: string, filter = {}) =>
  s.metrics.curves(id, filter)!.curves.map((c) => {
    const points = curvePoints(c);
    return [c.split, c.task, c.metric, points.map((p) => p[0]), points.map((p) => p[1])];
  });

function started(s: Store, id: string): void {
  s.runs.insert({ id, name: id, config: runConfig(), designName: 'd' });
  s.runs.markStarted(id, { backend: 'cpu', device: 'cpu', versions: {} });
}

const row = (runId: string, epoch: number, step: number, split: MetricRow['split'], task: string, metric: string, value: number): MetricRow => ({ runId, epoch, step, split, task, metric, value });

describe('curve cache', () => {
  it('reads the same curves from the rows while live and from the cache once ended; filters; deleted with the run', () => {
    const s = openStore(tmpHome());
    started(s, 'r1');
    const rows = [
      row('r1', 1, 10, 'train', 'a', 'loss', 0.9),
      row('r1', 1, 10, 'validation', 'a', 'accuracy', 0.5),
      row('r1', 1, 10, 'diagnostics', '', 'lr', 0.01),
      row('r1', 2, 20, 'train', 'a', 'loss', 0.7),
      row('r1', 2, 20, 'validation', 'a', 'accuracy', 0.6),
      row('r1', 2, 18, 'validation', 'a', 'accuracy', 0.99), // an earlier step of epoch 2: superseded
      row('r1', 3, 30, 'validation', 'a', 'accuracy', Number.NaN),
      row('r1', 3, 30, 'test', 'b', 'mse', 2.5),
    ];
    for (const r of rows) s.metrics.insert([r]);
    const live = read(s, 'r1');
    expect(live).toEqual(expected(rows));
    expect(s.metrics.curves('r1')!.status).toBe('running');
    const liveSummary = s.runs.get('r1')!.summary;

    expect(s.runs.finish('r1', 'completed')).toBe(true);
    expect(s.db.prepare(`SELECT COUNT(*) AS n FROM metric_curves WHERE run_id = 'r1'`).get()).toEqual({ n: 4 });
    expect(read(s, 'r1')).toEqual(live);
    expect(s.metrics.curves('r1')!.status).toBe('completed');
    // the summary: the same from the cache as from the rows; 0.99 (a superseded step) counts for nothing
    expect(s.runs.get('r1')!.summary).toEqual(liveSummary);
    expect(liveSummary).toMatchObject({ selected: { epoch: 2, split: 'validation' }, split: 'test', tasks: { b: { mse: { value: null, last: 2.5 } } } });

    expect(read(s, 'r1', { splits: ['validation', 'test'] }).map((c) => c.slice(0, 3))).toEqual([['validation', 'a', 'accuracy'], ['test', 'b', 'mse']]);
    expect(read(s, 'r1', { tasks: ['a'], metrics: ['loss'] }).map((c) => c.slice(0, 3))).toEqual([['train', 'a', 'loss']]);
    expect(read(s, 'r1', { splits: ['test'], tasks: ['a'] })).toEqual([]);
    expect(s.metrics.curves('nope')).toBeUndefined();

    s.runs.delete('r1');
    expect(s.db.prepare(`SELECT COUNT(*) AS n FROM metric_curves`).get()).toEqual({ n: 0 });
    s.close();
  });

  it('rows that arrive after a run ended rebuild its cached curves', () => {
    const s = openStore(tmpHome());
    started(s, 'r1');
    s.metrics.insert([row('r1', 1, 10, 'validation', 'a', 'accuracy', 0.5)]);
    s.runs.finish('r1', 'stopped');
    s.metrics.insert([row('r1', 2, 20, 'validation', 'a', 'accuracy', 0.8)]);
    expect(read(s, 'r1')).toEqual([['validation', 'a', 'accuracy', [1, 2], [0.5, 0.8]]]);
    expect(s.db.prepare(`SELECT curves_cached FROM runs WHERE id = 'r1'`).get()).toEqual({ curves_cached: 1 });
    expect(s.runs.get('r1')!.summary).toMatchObject({ selected: { epoch: 2 }, tasks: { a: { accuracy: { value: 0.8 } } } });
    s.close();
  });

  it('a cache that cannot be written leaves the run ended and read from its rows', () => {
    const s = openStore(tmpHome());
    started(s, 'r1');
    s.metrics.insert([row('r1', 1, 10, 'validation', 'a', 'accuracy', 0.5)]);
    s.db.exec(`CREATE TRIGGER no_space BEFORE INSERT ON metric_curves BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      expect(s.runs.finish('r1', 'completed')).toBe(true);
    } finally {
      console.error = orig;
    }
    expect(String(errors[0])).toMatch(/could not cache its curves/);
    expect(s.runs.get('r1')!.status).toBe('completed');
    expect(s.db.prepare(`SELECT curves_cached FROM runs WHERE id = 'r1'`).get()).toEqual({ curves_cached: 0 });
    expect(read(s, 'r1')).toEqual([['validation', 'a', 'accuracy', [1], [0.5]]]);
    expect(s.runs.get('r1')!.summary).toMatchObject({ selected: { epoch: 1 }, tasks: { a: { accuracy: { value: 0.5 } } } });
    s.close();
  });

  it('cached curves are the rows folded per epoch, whatever the order, duplicates and NaNs (property)', () => {
    const s = openStore(tmpHome());
    let n = 0;
    const arbRow = fc.record({
      epoch: fc.integer({ min: 0, max: 6 }),
      step: fc.integer({ min: 0, max: 4 }),
      split: fc.constantFrom('train', 'validation', 'test', 'diagnostics' as const),
      task: fc.constantFrom('', 'a', 'b|c'),
      metric: fc.constantFrom('loss', 'accuracy', 'grad_cos'),
      value: fc.oneof(fc.double({ noDefaultInfinity: true, noNaN: true, min: -1e6, max: 1e6 }), fc.constant(Number.NaN)),
    });
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), (partial) => {
        const id = `p${n++}`;
        started(s, id);
        const rows = partial.map((r) => ({ ...r, runId: id }) as MetricRow);
        // one event per 5 rows, as epochs arrive
        for (let i = 0; i < rows.length; i += 5) s.metrics.insert(rows.slice(i, i + 5));
        const want = expected(rows);
        const same = (got: unknown[]) => expect(JSON.stringify(got)).toBe(JSON.stringify(want)); // NaN-aware
        same(read(s, id));
        s.runs.finish(id, 'completed');
        same(read(s, id));
      }),
      { numRuns: 60 },
    );
    s.close();
  });
});
