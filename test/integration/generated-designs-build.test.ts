// Issue 8: "a design that passes the validator always builds", tried over many generated designs.
// fast-check composes random designs from the catalog (design-gen.ts: layer chains fitted to the shape
// that flows, residual Adds, parallel Concatenates, several features merged, two or three datasets
// meeting in shared layers or sharing an Input, MMoE / CGC / PLE / cross-stitch blocks, towers, heads,
// and now and then any kind with random params). Every design the validator accepts must build with the
// model builder (cpu backend), tfjs must infer for every node the shapes the validator inferred, a
// forward pass of a real batch must produce those shapes (batch first) and finite head outputs, the
// weight count must be the validator's, and disposing the model must free every tensor.
// The run is seeded (MTLW_FUZZ_SEED to try others, MTLW_FUZZ_RUNS for more designs) and prints its tally.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import { validateDesign } from '../../shared/validate.js';
import { buildModel } from '../../electron/engine/model/index.js';
import { generate, IMG_A, TAB, TXT } from './design-gen.js';
import type { Design } from '../../shared/design.js';

const RUNS = Number(process.env.MTLW_FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.MTLW_FUZZ_SEED ?? 20260108);

/** A batch of `rows` random rows of every feature of `ds`, as the training loop feeds them. */
function batch(ds: DatasetInfo, rows: number, seed: number): Record<string, tf.Tensor> {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: Record<string, tf.Tensor> = {};
  for (const f of ds.features) {
    if (f.kind === 'image') out[f.name] = tf.tensor(Array.from({ length: rows * f.shape[0] * f.shape[1] * f.shape[2] }, r), [rows, ...f.shape], 'float32');
    else if (f.kind === 'vector') out[f.name] = tf.tensor(Array.from({ length: rows * f.size }, () => r() * 4 - 2), [rows, f.size], 'float32');
    else if (f.kind === 'text') out[f.name] = tf.tensor(Array.from({ length: rows * f.maxLength }, () => Math.floor(r() * f.vocabSize)), [rows, f.maxLength], 'int32');
    else out[f.name] = tf.tensor(Array.from({ length: rows }, () => Math.floor(r() * (f.categories.length + 1))), [rows, 1], 'int32');
  }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('generated designs: every design the validator accepts builds, with the shapes it inferred', () => {
  it(`over ${RUNS} random designs from the catalog (seed ${SEED})`, () => {
    const tally = { tried: 0, valid: 0, built: 0, nodesChecked: 0, wildValid: 0 };
    const refusedBy = new Map<string, number>();
    const validKinds = new Map<string, number>();
    const validScenarios = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: 1, max: 1_000_000 }), (g, seed) => {
        const { design, datasets, scenario, wild } = generate(g, fc);
        tally.tried++;
        const v = validateDesign(design, datasets);
        if (!v.ok) {
          for (const code of new Set(v.problems.filter((p) => p.severity === 'error').map((p) => p.code))) bump(refusedBy, code);
          return;
        }
        tally.valid++;
        if (wild) tally.wildValid++;
        bump(validScenarios, scenario);
        for (const n of design.nodes) bump(validKinds, n.kind);

        const before = tf.memory().numTensors;
        let m;
        try {
          m = buildModel(tf, design, datasets, { seed });
        } catch (err) {
          throw new Error(`the validator accepted a design the builder refused: ${(err as Error).message}\n${JSON.stringify(design)}`);
        }
        try {
          expect(m.routes.map((r) => r.dataset).sort()).toEqual([...new Set(design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => String(n.params.dataset)))].sort());
          for (const route of m.routes) {
            const shapes = m.nodeShapes[route.dataset];
            for (const [id, ports] of Object.entries(shapes)) {
              expect(ports, `tfjs's shapes of '${id}' on route ${route.dataset}`).toEqual(v.nodes[id].outputShapes);
              tally.nodesChecked++;
            }
            const ds = datasets.find((d) => d.id === route.dataset)!;
            tf.tidy(() => {
              const inputs = batch(ds, 2, seed);
              for (const training of [true, false]) {
                const got = m.probe(route.dataset, inputs, Object.keys(shapes), training);
                for (const [id, ports] of Object.entries(got)) {
                  for (const [port, t] of Object.entries(ports)) expect(t.shape, `${id}:${port} (training ${training})`).toEqual([2, ...v.nodes[id].outputShapes[port]]);
                }
              }
              const heads = m.forward(route.dataset, inputs, false);
              expect(Object.keys(heads).sort()).toEqual([...route.heads].sort());
              for (const key of route.heads) {
                const h = m.heads.find((x) => x.key === key)!;
                expect(heads[key].shape).toEqual([2, h.units]);
                expect(Array.from(heads[key].dataSync()).every(Number.isFinite), `head ${key} output is finite`).toBe(true);
              }
            });
          }
          expect(m.countParams()).toBe(v.totals.params);
          tally.built++;
        } catch (err) {
          (err as Error).message += `\nThe design (datasets ${datasets.map((d) => d.id).join(', ')}): ${JSON.stringify(design)}`;
          throw err;
        } finally {
          m.dispose();
        }
        expect(tf.memory().numTensors, 'every tensor freed after dispose').toBe(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );

    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]));
    console.log(
      `[generated designs] tried ${tally.tried}, valid ${tally.valid} (built ${tally.built}; ${tally.wildValid} with a wild choice), ` +
        `${tally.nodesChecked} node shapes checked\n  valid by scenario: ${JSON.stringify(sorted(validScenarios))}\n` +
        `  kinds in valid designs: ${JSON.stringify(sorted(validKinds))}\n  refused by: ${JSON.stringify(sorted(refusedBy))}`,
    );
    expect(tally.tried).toBe(RUNS);
    expect(tally.built).toBe(tally.valid);
    // the generator must mostly produce designs the validator accepts, or the property proves little
    expect(tally.valid).toBeGreaterThan(RUNS * 0.4);
    // and every kind of the catalog must appear in accepted designs
    expect([...validKinds.keys()].sort()).toEqual(
      ['Activation', 'Add', 'AvgPool2D', 'BatchNormalization', 'CGC', 'Concatenate', 'Conv1D', 'Conv2D', 'CrossStitch', 'Dense', 'Dropout', 'Embedding', 'Flatten',
        'GRU', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'Input', 'LSTM', 'LayerNormalization', 'MMoE', 'MaxPool2D', 'PLE', 'Reshape', 'TaskHead'].sort(),
    );
  });
});

/** A design from 'id:kind{params}' chains, each chain a list of node specs joined by edges. */
function chains(...lists: [string, string, Record<string, unknown>?][][]): Design {
  const nodes = new Map<string, Design['nodes'][number]>();
  const edges: Design['edges'] = [];
  for (const list of lists) {
    list.forEach(([id, kind, params], i) => {
      if (!nodes.has(id)) nodes.set(id, { id, kind, params: params ?? {}, position: { x: 0, y: 0 } });
      if (i > 0) edges.push({ id: `e${edges.length + 1}`, source: list[i - 1][0], sourcePort: 'out', target: id, targetPort: 'in' });
    });
  }
  return { version: 1, name: 'case', nodes: [...nodes.values()], edges };
}

function builds(design: Design, datasets: DatasetInfo[]): void {
  const v = validateDesign(design, datasets);
  expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const m = buildModel(tf, design, datasets, { seed: 1 });
  try {
    for (const r of m.routes) {
      tf.tidy(() => {
        const out = m.forward(r.dataset, batch(datasets.find((d) => d.id === r.dataset)!, 3, 1), true);
        for (const key of r.heads) expect(out[key].shape).toEqual([3, m.heads.find((h) => h.key === key)!.units]);
      });
    }
  } finally {
    m.dispose();
  }
}

describe('what the generated designs found (each was accepted by the validator and then failed in the engine)', () => {
  it('a Flatten of a tensor that is already flat builds (tfjs refuses rank < 3; Keras and the validator pass it through)', () => {
    builds(chains([['x', 'Input', { dataset: 'tab', feature: 'x' }], ['f1', 'Flatten'], ['f2', 'Flatten'], ['h', 'TaskHead', { dataset: 'tab', task: 't2' }]]), [TAB]);
    builds(chains([['i', 'Input', { dataset: 'imgA', feature: 'image' }], ['f1', 'Flatten'], ['f2', 'Flatten'], ['d', 'Dense', { units: 4 }], ['h', 'TaskHead', { dataset: 'imgA', task: 'a1' }]]), [IMG_A]);
  });

  it('token ids straight into a layer other than an Embedding are refused, naming the input and the fix', () => {
    const d = chains([['txt', 'Input', { dataset: 'txt', feature: 'text' }], ['act', 'Activation', { activation: 'sigmoid' }], ['h', 'TaskHead', { dataset: 'txt', task: 's1' }]]);
    const v = validateDesign(d, [TXT]);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({
      nodeId: 'act',
      message: "Activation 'act' gets integer ids from 'txt' (text feature 'text'), which it cannot compute on: put an Embedding between them",
    });
    // the same through a Flatten (which keeps ids) into a Dense
    const viaFlatten = chains([['c', 'Input', { dataset: 'tab', feature: 'city' }], ['f', 'Flatten'], ['d', 'Dense', { units: 3 }], ['h', 'TaskHead', { dataset: 'tab', task: 't1' }]]);
    expect(validateDesign(viaFlatten, [TAB]).problems[0]).toMatchObject({ nodeId: 'd', message: expect.stringContaining("gets integer ids from 'f' (categorical feature 'city')") });
  });

  it('an Embedding fed numbers is refused; fed ids through a Reshape (inputDim given) it builds', () => {
    const d = chains([['x', 'Input', { dataset: 'tab', feature: 'x' }], ['emb', 'Embedding', { inputDim: 6, outputDim: 2 }], ['f', 'Flatten'], ['h', 'TaskHead', { dataset: 'tab', task: 't2' }]]);
    expect(validateDesign(d, [TAB]).problems[0]).toMatchObject({
      nodeId: 'emb',
      message: "Embedding 'emb' needs integer ids but gets numbers from 'x': feed it a categorical or text Input (directly, or through a Reshape or Flatten)",
    });
    builds(
      chains([['txt', 'Input', { dataset: 'txt', feature: 'text' }], ['r', 'Reshape', { targetShape: [7] }], ['emb', 'Embedding', { inputDim: 30, outputDim: 3 }], ['p', 'GlobalAveragePooling1D'], ['h', 'TaskHead', { dataset: 'txt', task: 's1' }]]),
      [TXT],
    );
  });
});
