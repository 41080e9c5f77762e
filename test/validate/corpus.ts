// A deterministic corpus of what the validator and the catalog say: problems of hand-made and generated
// designs, shape errors of every kind on many inputs, and param problems of every param on many values.
// The i18n tests word each of them from its code and args and compare with the English message.
import fc from 'fast-check';
import { CATALOG } from '../../shared/catalog/registry.js';
import { paramValue as paramValueOf } from './arbitraries.js';
import type { ParamSpec } from '../../shared/catalog/types.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import { buildTemplate, TEMPLATES } from '../../shared/templates/index.js';
import type { Problem, Shape } from '../../shared/problems.js';
import { validateDesign } from '../../shared/validate.js';
import { dataset, fashion, mnist, multiImage, tabular, textSet, vectorOnly } from '../catalog/helpers.js';
import { design, edge, multiLeNet, node } from './build.js';

export const DATASETS = [multiImage, mnist, fashion, tabular, textSet, vectorOnly];
const KINDS = Object.keys(CATALOG);
const PORTS = ['out', 'in', 'task0', 'task1', 'task2', 'in0', 'in1', 'in2', 'x'];

const paramValue = (s: ParamSpec) => paramValueOf(s, DATASETS, fc.string({ maxLength: 6 }));

const nodeArb = (id: string) =>
  fc
    .oneof({ weight: 12, arbitrary: fc.constantFrom(...KINDS) }, { weight: 1, arbitrary: fc.constantFrom('Conv3D', '', 'toString') })
    .chain((kind) => {
      const k = CATALOG[kind];
      const params = k
        ? fc.record(Object.fromEntries(k.params.map((s) => [s.name, paramValue(s)])), { requiredKeys: [] })
        : fc.constant({});
      return params.map((p) => ({ id, kind, params: p, position: { x: 0, y: 0 } }));
    });

const designArb = fc.integer({ min: 0, max: 12 }).chain((n) => {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const idArb = n > 0 ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant('ghost') }) : fc.constant('ghost');
  const edgeArb = fc.record({
    id: fc.oneof({ weight: 10, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constant('dup') }),
    source: idArb,
    sourcePort: fc.constantFrom(...PORTS),
    target: idArb,
    targetPort: fc.constantFrom(...PORTS),
  });
  return fc.record({
    version: fc.constantFrom(1, 1, 1, 2),
    name: fc.constant('gen'),
    nodes: ids.length ? fc.tuple(...ids.map(nodeArb)) : fc.constant([]),
    edges: fc.array(edgeArb, { maxLength: n * 2 }),
  });
});

/** Hand-made designs reaching the rarer problems. */
function handMade(): [unknown, DatasetInfo[]][] {
  const mln = (change: (d: Design) => void) => {
    const d = multiLeNet();
    change(d);
    return d;
  };
  const imageText = () =>
    design(
      [
        node('img', 'Input', { dataset: 'mnist', feature: 'image' }),
        node('flat', 'Flatten'),
        node('img_proj', 'Dense', { units: 32 }),
        node('txt', 'Input', { dataset: 'reviews', feature: 'text' }),
        node('emb', 'Embedding', { outputDim: 8 }),
        node('pool', 'GlobalAveragePooling1D'),
        node('txt_proj', 'Dense', { units: 32 }),
        node('shared', 'Dense', { units: 16 }),
        node('h_digit', 'TaskHead', { dataset: 'mnist', task: 'digit' }),
        node('h_sent', 'TaskHead', { dataset: 'reviews', task: 'sentiment' }),
      ],
      [
        edge('img', 'flat'),
        edge('flat', 'img_proj'),
        edge('txt', 'emb'),
        edge('emb', 'pool'),
        edge('pool', 'txt_proj'),
        edge('img_proj', 'shared', 'out', 'in', 'route_img'),
        edge('txt_proj', 'shared', 'out', 'in', 'route_txt'),
        edge('shared', 'h_digit'),
        edge('shared', 'h_sent'),
      ],
    );
  const noTasks = dataset('empty', [{ name: 'x', kind: 'vector', size: 3, columns: ['a', 'b', 'c'] }], []);
  const noFeatures = dataset('bare', [], [{ name: 't', kind: 'regression' }]);
  const cifar = dataset('fashion', [{ name: 'image', kind: 'image', shape: [32, 32, 3] }], [{ name: 'clothing', kind: 'multiclass', classes: ['a', 'b'] }]);
  const mf = [multiImage];
  const out: [unknown, DatasetInfo[]][] = [
    [null, []],
    [[], []],
    [3, []],
    [{}, []],
    [{ ...multiLeNet(), version: 2 }, mf],
    [{ version: 1, nodes: [{ kind: 'Dense' }, 5], edges: [{ id: 'e', source: 1 }, 7] }, mf],
    [mln((d) => (d.nodes[8].kind = 'Dense3D')), mf],
    [mln((d) => (d.nodes[1].params.kernelSize = 0)), mf],
    [mln((d) => ((d.nodes[8] as any).params = 'fifty')), mf],
    [mln((d) => Object.assign(d.nodes[9].params, { loss: 'mse', metrics: ['r2'] })), mf],
    [mln((d) => Object.assign(d.nodes[9].params, { loss: 'binary-crossentropy' })), mf],
    [mln((d) => (d.nodes.push(node('fc', 'Dense')), d.edges.push({ ...d.edges[0] }))), mf],
    [
      mln((d) => {
        d.edges.push(edge('ghost', 'fc', 'out', 'in', 'x1'));
        d.edges.push(edge('fc', 'ghost', 'out', 'in', 'x0'));
        d.edges.push(edge('fc', 'left', 'task3', 'in', 'x2'));
        d.edges.push(edge('flat', 'fc', 'out', 'in2', 'x3'));
        d.edges.push(edge('left', 'fc', 'out', 'in', 'x4'));
        d.edges.push(edge('fc', 'in', 'out', 'in', 'x5'));
      }),
      mf,
    ],
    [mln((d) => d.edges.push(edge('flat', 'fc', 'out', 'in', 'again'))), mf],
    [mln((d) => d.edges.push(edge('relu2', 'conv1', 'out', 'in', 'back'))), mf],
    [mln((d) => d.edges.push(edge('fc', 'fc', 'out', 'in', 'loop'))), mf],
    [mln((d) => (d.edges = d.edges.filter((e) => e.id !== 'e_fc'))), mf],
    [mln((d) => (d.edges = d.edges.filter((e) => e.target !== 'left'))), mf],
    [mln((d) => (d.edges = d.edges.map((e) => (e.id === 'e_fc' ? { ...e, source: 'relu2' } : e)))), mf],
    [mln((d) => ((d.nodes[9].params = { dataset: '', task: 'left' }), (d.nodes[10].params = { dataset: 'mf', task: '' }))), mf],
    [mln((d) => ((d.nodes[9].params = { dataset: 'mnist', task: 'digit' }), (d.nodes[10].params = { dataset: 'mf', task: 'middle' }))), mf],
    [mln((d) => (d.nodes[10].params.task = 'left')), mf],
    [mln((d) => (d.nodes[0].params.feature = '')), mf],
    [mln((d) => (d.nodes[0].params.dataset = 'cifar')), mf],
    [mln((d) => (d.nodes[0].params.feature = 'pixels')), mf],
    [mln((d) => Object.assign(d.nodes[0].params, { dataset: '', feature: 'pixels' })), mf],
    [mln((d) => Object.assign(d.nodes[0].params, { dataset: '', feature: 'pixels' })), []],
    [mln((d) => Object.assign(d.nodes[0].params, { dataset: 'bare', feature: 'pixels' })), [noFeatures, multiImage]],
    [mln((d) => Object.assign(d.nodes[9].params, { dataset: 'empty', task: 'x' })), [noTasks, multiImage]],
    [design([], []), mf],
    [mln((d) => (d.nodes = d.nodes.filter((n) => n.kind !== 'TaskHead'))), mf],
    [
      design(
        [
          node('in', 'Input', { dataset: 'tab', feature: 'x' }),
          node('m', 'MMoE', { numTasks: 3 }),
          node('h1', 'TaskHead', { dataset: 'tab', task: 'clicked' }),
          node('h2', 'TaskHead', { dataset: 'tab', task: 'price' }),
        ],
        [edge('in', 'm'), edge('m', 'h1', 'task0'), edge('m', 'h2', 'task1')],
      ),
      [tabular],
    ],
    [(() => ((d) => ((d.nodes[6].params.units = 20), d))(imageText()))(), [mnist, textSet]],
    [(() => ((d) => ((d.nodes[3].params.dataset = 'mnist'), d))(imageText()))(), [mnist, textSet]],
    [(() => ((d) => ((d.edges = d.edges.filter((e) => e.id !== 'route_txt')), d))(imageText()))(), [mnist, textSet]],
    [(() => ((d) => ((d.nodes[0].params = { dataset: '', feature: 'image' }), (d.edges = d.edges.filter((e) => e.id !== 'route_txt')), d))(imageText()))(), [mnist, textSet]],
    [
      design(
        [
          node('a', 'Input', { dataset: 'tab', feature: 'x' }),
          node('b', 'Input', { dataset: 'tab', feature: 'x' }),
          node('fc', 'Dense', { units: 4 }),
          node('h', 'TaskHead', { dataset: 'tab', task: 'price' }),
        ],
        [edge('a', 'fc'), edge('b', 'fc'), edge('fc', 'h')],
      ),
      [tabular],
    ],
    [
      design(
        [
          node('a', 'Input', { dataset: 'mnist', feature: 'image' }),
          node('b', 'Input', { dataset: 'mnist', feature: 'image' }),
          node('fa', 'Flatten'),
          node('fb', 'Flatten'),
          node('fc', 'Dense', { units: 4 }),
          node('h', 'TaskHead', { dataset: 'fashion', task: 'clothing' }),
        ],
        [edge('a', 'fa'), edge('b', 'fb'), edge('fa', 'fc'), edge('fb', 'fc'), edge('fc', 'h')],
      ),
      [mnist, fashion],
    ],
    [
      design(
        [
          node('in', 'Input', { dataset: '', feature: 'image' }),
          node('flat', 'Flatten'),
          node('h1', 'TaskHead', { dataset: 'mnist', task: 'digit' }),
          node('h2', 'TaskHead', { dataset: 'fashion', task: 'clothing' }),
        ],
        [edge('in', 'flat'), edge('flat', 'h1'), edge('flat', 'h2')],
      ),
      [mnist, cifar],
    ],
    [
      design(
        [
          node('city', 'Input', { dataset: 'tab', feature: 'city' }),
          node('x', 'Input', { dataset: 'tab', feature: 'x' }),
          node('fc', 'Dense', { units: 4 }),
          node('emb', 'Embedding', { outputDim: 4 }),
          node('emb2', 'Embedding', { outputDim: 4, inputDim: 2 }),
          node('flat', 'Flatten'),
          node('h', 'TaskHead', { dataset: 'tab', task: 'price' }),
          node('h2', 'TaskHead', { dataset: 'tab', task: 'clicked' }),
        ],
        [edge('city', 'fc'), edge('x', 'emb'), edge('city', 'emb2'), edge('emb2', 'flat'), edge('fc', 'h'), edge('flat', 'h2')],
      ),
      [tabular],
    ],
    [
      design(
        [node('txt', 'Input', { dataset: 'reviews', feature: 'text' }), node('fc', 'Dense', { units: 4 }), node('h', 'TaskHead', { dataset: 'reviews', task: 'sentiment' })],
        [edge('txt', 'fc'), edge('fc', 'h')],
      ),
      [textSet],
    ],
  ];
  return out;
}

/** Problems of hand-made designs, of generated designs and of templates with random edits. */
export function problemCorpus(generated = 2500): Problem[] {
  const problems: Problem[] = [];
  for (const [d, ds] of handMade()) problems.push(...validateDesign(d, ds).problems);
  const gen = fc.sample(fc.tuple(designArb, fc.subarray(DATASETS)), { seed: 20240611, numRuns: generated });
  for (const [d, ds] of gen) problems.push(...validateDesign(d, ds).problems);
  const bases: Design[] = [];
  for (const t of Object.keys(TEMPLATES)) for (const ds of [[multiImage], [tabular], [mnist, textSet]]) bases.push(buildTemplate(t, ds));
  // every template over a tiny memory budget: the over-budget problem, in each language
  bases.forEach((d, i) => problems.push(...validateDesign(d, [[multiImage], [tabular], [mnist, textSet]][i % 3], { memoryBudget: 1024, batchSize: 32 }).problems));
  const editArb = fc.record({
    base: fc.integer({ min: 0, max: bases.length - 1 }),
    dropNodes: fc.array(fc.nat(), { maxLength: 2 }),
    dropEdges: fc.array(fc.nat(), { maxLength: 3 }),
    rewire: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...PORTS)), { maxLength: 3 }),
  });
  for (const [e, ds] of fc.sample(fc.tuple(editArb, fc.subarray(DATASETS)), { seed: 7, numRuns: Math.ceil(generated / 2) })) {
    const d: Design = structuredClone(bases[e.base]);
    for (const i of e.dropNodes) d.nodes.splice(i % Math.max(1, d.nodes.length), 1);
    for (const i of e.dropEdges) d.edges.splice(i % Math.max(1, d.edges.length), 1);
    for (const [i, j, port] of e.rewire) {
      if (!d.edges.length || !d.nodes.length) break;
      const ed = d.edges[i % d.edges.length];
      ed.target = d.nodes[j % d.nodes.length].id;
      ed.targetPort = port;
    }
    problems.push(...validateDesign(d, ds).problems);
  }
  return problems;
}

const SHAPES: Shape[] = [[], [4], [784], [1], [40], [10, 3], [3, 16], [null, 4], [28, 28, 1], [3, 3, 1], [1, 1, 8], [4, 4, 20], [2, 2, 2, 2]];

/** Shape-inference calls on every kind: one input of each shape, none, and pairs of operands; default and edge params. */
export function inferCalls(): { kind: string; params: Record<string, unknown>; inputs: Shape[][]; datasets: DatasetInfo[] }[] {
  const calls: { kind: string; params: Record<string, unknown>; inputs: Shape[][]; datasets: DatasetInfo[] }[] = [];
  const variants: Record<string, Record<string, unknown>[]> = {
    Conv2D: [{ kernelSize: 5 }, { kernelSize: 0 }],
    Conv1D: [{ kernelSize: 5 }],
    MaxPool2D: [{ poolSize: 4 }],
    Concatenate: [{ axis: 3 }, { axis: 0 }],
    Reshape: [{ targetShape: [-1, 3] }, { targetShape: [5, 5] }, { targetShape: [0] }, { targetShape: [-1, -1] }],
    Embedding: [{ inputDim: 2 }],
    CrossStitch: [{ numTasks: 3 }],
    TaskHead: [{ dataset: 'mf', task: 'left' }, { dataset: 'mf', task: 'nope' }],
    Input: [{ dataset: 'mf', feature: 'image' }, { feature: 'nope' }, { dataset: 'nope', feature: 'x' }],
    Dropout: [{ rate: 1 }],
    CGC: [{ sharedExperts: 0, taskExperts: 0 }],
  };
  for (const kind of KINDS) {
    for (const params of [{}, ...(variants[kind] ?? [])]) {
      const inputsList: Shape[][][] = [[], [[]]];
      for (const s of SHAPES) inputsList.push([[s]]);
      for (const [a, b] of [
        [[4], [4]],
        [[4], [5]],
        [[4], [2, 2]],
        [[2, 3], [2, 4]],
        [[2, 3], [5, 3]],
        [[null, 3], [2, 3]],
      ] as Shape[][]) {
        inputsList.push([[a, b]], [[a], [b]], [[a], [b], [a]]);
      }
      inputsList.push([[[4]]]);
      for (const inputs of inputsList) calls.push({ kind, params, inputs, datasets: [multiImage] });
    }
  }
  return calls;
}

/** Values for every param of every kind: junk, edges and defaults. */
export function paramCalls(): { spec: ParamSpec; value: unknown }[] {
  const values: unknown[] = [undefined, null, 0, -1, 1, 0.5, 1.5, 1e9, -0.5, 'x', true, [], [1], [0], [-1, -1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], ['relu'], ['nope'], { a: 1 }, 'relu', 'accuracy'];
  const out: { spec: ParamSpec; value: unknown }[] = [];
  for (const k of Object.values(CATALOG)) for (const spec of k.params) for (const value of values) out.push({ spec, value });
  // ranges and lengths no catalog param has today
  const base = { label: 'x', description: 'x', default: 1 };
  const extra: ParamSpec[] = [
    { ...base, name: 'lo', type: 'float', min: 1 },
    { ...base, name: 'loEx', type: 'float', min: 1, minExclusive: true },
    { ...base, name: 'hi', type: 'int', max: 0 },
    { ...base, name: 'hiEx', type: 'int', max: 0, maxExclusive: true },
    { ...base, name: 'open', type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true },
    { ...base, name: 'pair', type: 'ints', default: [1, 1], min: 1, minLength: 2 },
  ];
  for (const spec of extra) for (const value of values) out.push({ spec, value });
  return out;
}
