// Templates build valid, readable designs from the chosen datasets, and refuse what they cannot serve.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import { buildTemplate, listTemplates, TEMPLATES } from '../../shared/templates/index.js';
import { validateDesign } from '../../shared/validate.js';
import { dataset, fashion, mnist, multiImage, tabular, textSet, vectorOnly } from '../catalog/helpers.js';

const mixed = dataset(
  'multi-fashion v2',
  [
    { name: 'img', kind: 'image', shape: [36, 36, 1] },
    { name: 'notes text', kind: 'text', vocabSize: 300, maxLength: 2 },
    { name: 'x', kind: 'vector', size: 3, columns: ['a', 'b', 'c'] },
  ],
  [
    { name: 'left digit', kind: 'multiclass', classes: ['a', 'b', 'c'] },
    { name: 'is-odd', kind: 'binary', classes: ['no', 'yes'] },
  ],
);
const sameNameOtherShape = dataset('2nd', [{ name: 'img', kind: 'image', shape: [20, 20, 3] }], [{ name: 'class', kind: 'regression' }]);

const SETS: [string, DatasetInfo[]][] = [
  ['image + short text + vector in one dataset, odd names', [mixed]],
  ['two datasets whose features share a name but not a shape', [mixed, sameNameOtherShape]],
  ['mnist + fashion + text', [mnist, fashion, textSet]],
  ['MultiFashion-like images', [multiImage]],
  ['tabular (vector + categorical; binary + regression)', [tabular]],
  ['vector (MMoE synthetic-like)', [vectorOnly]],
  ['mnist + fashion (alike inputs)', [mnist, fashion]],
  ['image + text (different inputs)', [mnist, textSet]],
  ['tabular + text', [tabular, textSet]],
];

const kinds = (d: Design) => d.nodes.map((n) => n.kind);

describe('templates', () => {
  it('are the nine the issues name', () => {
    expect(Object.keys(TEMPLATES)).toEqual(['single-task', 'hps', 'mmoe', 'cgc', 'ple', 'cross-stitch', 'transformer', 'dselect-k', 'mtan']);
    for (const t of listTemplates()) expect(t.description.length).toBeGreaterThan(20);
  });

  for (const [label, ds] of SETS) {
    for (const name of Object.keys(TEMPLATES)) {
      it(`${name} on ${label}: validates with no problem at all, laid out left to right`, () => {
        const d = buildTemplate(name, ds);
        const r = validateDesign(d, ds);
        expect(r.problems).toEqual([]);
        expect(new Set(d.nodes.map((n) => n.id)).size).toBe(d.nodes.length);
        const pos = new Map(d.nodes.map((n) => [n.id, n.position]));
        for (const e of d.edges) expect(pos.get(e.source)!.x, `${e.source} → ${e.target}`).toBeLessThan(pos.get(e.target)!.x);
        // no two nodes on the same spot
        expect(new Set(d.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(d.nodes.length);
        // a head for every task (single-task: one)
        const heads = d.nodes.filter((n) => n.kind === 'TaskHead');
        expect(heads.length).toBe(name === 'single-task' ? 1 : ds.reduce((a, x) => a + x.tasks.length, 0));
      });
    }
  }

  it("hps on 28×28×1 images is Sener & Koltun's MultiLeNet", () => {
    const d = buildTemplate('hps', [multiImage]);
    expect(kinds(d)).toEqual([
      'Input', 'Conv2D', 'MaxPool2D', 'Activation', 'Conv2D', 'MaxPool2D', 'Activation', 'Flatten', 'Dense', 'TaskHead', 'TaskHead',
    ]);
    const p = (i: number) => d.nodes[i].params;
    expect(p(1)).toMatchObject({ filters: 10, kernelSize: 5, padding: 'valid' });
    expect(p(2)).toMatchObject({ poolSize: 2 });
    expect(p(3)).toMatchObject({ activation: 'relu' });
    expect(p(4)).toMatchObject({ filters: 20, kernelSize: 5 });
    expect(p(8)).toMatchObject({ units: 50, activation: 'relu' });
    expect(p(9)).toMatchObject({ dataset: 'mf', task: 'left', hidden: [50] });
    expect(p(10)).toMatchObject({ dataset: 'mf', task: 'right', hidden: [50] });
    const r = validateDesign(d, [multiImage]);
    expect(r.totals.params).toBe(260 + 5020 + 16050 + 2 * 3060);
  });

  it('vector data gets a Dense trunk, text an Embedding → Conv1D → GlobalMaxPooling1D branch', () => {
    expect(kinds(buildTemplate('hps', [vectorOnly]))).toEqual(['Input', 'Dense', 'TaskHead', 'TaskHead']);
    const t = buildTemplate('single-task', [textSet]);
    expect(kinds(t)).toEqual(['Input', 'Embedding', 'Conv1D', 'GlobalMaxPooling1D', 'Dense', 'TaskHead']);
  });

  it("alike datasets share one Input (dataset '') and one trunk", () => {
    const d = buildTemplate('hps', [mnist, fashion]);
    const inputs = d.nodes.filter((n) => n.kind === 'Input');
    expect(inputs.map((n) => n.params.dataset)).toEqual(['']);
    expect(d.nodes.filter((n) => n.kind === 'Conv2D')).toHaveLength(2);
  });

  it('different inputs get their own branches meeting in a shared Dense via routing', () => {
    const d = buildTemplate('hps', [mnist, textSet]);
    const inputs = d.nodes.filter((n) => n.kind === 'Input');
    expect(inputs.map((n) => n.params)).toEqual([
      { dataset: 'mnist', feature: 'image' },
      { dataset: 'reviews', feature: 'text' },
    ]);
    const into = d.edges.filter((e) => e.target === 'shared_fc').map((e) => e.source);
    expect(into).toEqual(['mnist_proj', 'reviews_proj']);
  });

  it('MTL blocks get one port per task, each to its head', () => {
    for (const [name, kind] of [['mmoe', 'MMoE'], ['cgc', 'CGC'], ['ple', 'PLE']] as const) {
      const d = buildTemplate(name, [tabular, textSet]);
      const block = d.nodes.find((n) => n.kind === kind)!;
      expect(block.params.numTasks).toBe(3);
      const out = d.edges.filter((e) => e.source === block.id);
      expect(out.map((e) => e.sourcePort)).toEqual(['task0', 'task1', 'task2']);
      expect(out.map((e) => d.nodes.find((n) => n.id === e.target)!.params.task)).toEqual(['clicked', 'price', 'sentiment']);
    }
  });

  it('cross-stitch on images: a MultiLeNet column per task, stitched after each stage', () => {
    const d = buildTemplate('cross-stitch', [multiImage]);
    expect(d.nodes.filter((n) => n.kind === 'Conv2D')).toHaveLength(4);
    expect(d.nodes.filter((n) => n.kind === 'CrossStitch')).toHaveLength(3);
  });

  it('single-task picks a task', () => {
    const d = buildTemplate('single-task', [tabular], { task: 'price' });
    expect(d.nodes.filter((n) => n.kind === 'TaskHead').map((n) => n.params.task)).toEqual(['price']);
    expect(() => buildTemplate('single-task', [tabular], { task: 'nope' })).toThrow(/cannot find task 'nope'/);
  });

  it('small images still get a valid network', () => {
    const tiny = dataset('tiny', [{ name: 'image', kind: 'image', shape: [8, 8, 3] }], [
      { name: 'a', kind: 'binary' },
      { name: 'b', kind: 'regression' },
    ]);
    for (const name of Object.keys(TEMPLATES)) expect(validateDesign(buildTemplate(name, [tiny]), [tiny]).problems).toEqual([]);
  });

  it('throws a clear Error for what it cannot serve', () => {
    expect(() => buildTemplate('hps', [])).toThrow("Template 'hps' needs at least one dataset: choose a dataset first");
    expect(() => buildTemplate('mmoe', [mnist])).toThrow(
      "Template 'mmoe' needs at least 2 tasks, but 'mnist' has 1: choose the 'single-task' template or a dataset with more tasks",
    );
    expect(() => buildTemplate('hps', [dataset('empty', [], [{ name: 't', kind: 'binary' }])])).toThrow(/'empty': it has no features/);
    expect(() => buildTemplate('hps', [dataset('nolabels', mnist.features, [])])).toThrow(/'nolabels': it has no tasks/);
    expect(() => buildTemplate('bert', [mnist])).toThrow(/Unknown template 'bert': choose one of single-task, hps/);
    expect(() => buildTemplate('toString', [mnist])).toThrow(/Unknown template/);
  });
});
