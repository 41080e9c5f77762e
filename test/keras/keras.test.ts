// The Keras export: parsed by Python's own parser for every template, checked layer by layer against the design;
// run with Keras (weights counted) where python3 can import it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import { exportKeras, py } from '../../shared/keras.js';
import { buildTemplate, TEMPLATES } from '../../shared/templates/index.js';
import { validateDesign } from '../../shared/validate.js';
import { dataset, mnist, multiImage, tabular, textSet } from '../catalog/helpers.js';

const PARSER = fileURLToPath(new URL('./pyparse.py', import.meta.url));
const STUB_RUNNER = fileURLToPath(new URL('./runstub.py', import.meta.url));
const STUB_PATH = fileURLToPath(new URL('./fakekeras', import.meta.url));
const hasPython = spawnSync('python3', ['-c', 'import ast'], { encoding: 'utf8' }).status === 0;
const hasKeras = hasPython && spawnSync('python3', ['-c', 'import keras, tensorflow'], { encoding: 'utf8' }).status === 0;

interface Assign {
  target: string;
  func: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  source: string;
}
interface Parsed {
  error?: string;
  classes: string[];
  functions: string[];
  assigns: Assign[];
  undefined: string[];
}

/** Runs the code against the shape-checking Keras stand-in; returns weights counted and model outputs. */
function runStub(code: string): { params: number; layers: number; models: Record<string, Record<string, number[]>> } {
  const dir = mkdtempSync(join(tmpdir(), 'keras-stub-'));
  try {
    const file = join(dir, 'model.py');
    writeFileSync(file, code);
    const r = spawnSync('python3', [STUB_RUNNER, file], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: STUB_PATH, PYTHONDONTWRITEBYTECODE: '1' } });
    if (r.status !== 0) throw new Error(`the exported code failed to run:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(code: string): Parsed {
  return JSON.parse(execFileSync('python3', [PARSER], { input: code, encoding: 'utf8' }));
}

const KERAS_CLASS: Record<string, string> = {
  Dense: 'layers.Dense',
  Conv2D: 'layers.Conv2D',
  Conv1D: 'layers.Conv1D',
  MaxPool2D: 'layers.MaxPooling2D',
  AvgPool2D: 'layers.AveragePooling2D',
  GlobalAveragePooling2D: 'layers.GlobalAveragePooling2D',
  GlobalAveragePooling1D: 'layers.GlobalAveragePooling1D',
  GlobalMaxPooling1D: 'layers.GlobalMaxPooling1D',
  Flatten: 'layers.Flatten',
  Reshape: 'layers.Reshape',
  Dropout: 'layers.Dropout',
  BatchNormalization: 'layers.BatchNormalization',
  LayerNormalization: 'layers.LayerNormalization',
  Activation: 'layers.Activation',
  Embedding: 'layers.Embedding',
  Concatenate: 'layers.Concatenate',
  Add: 'layers.Add',
  LSTM: 'layers.LSTM',
  GRU: 'layers.GRU',
  MMoE: 'MMoE',
  DSelectK: 'DSelectK',
  MTAN: 'MTAN',
  CGC: 'PLE',
  PLE: 'PLE',
  CrossStitch: 'CrossStitch',
  TokenPositionEmbedding: 'TokenPositionEmbedding',
  MultiHeadSelfAttention: 'SelfAttention',
  TransformerEncoder: 'TransformerEncoder',
  SequencePooling: 'FirstToken', // the templates pool at the first position
  TaskHead: 'layers.Dense',
};

/** Every layer of the design appears as a Keras layer with its params; inputs with their shapes. */
function checkAgainstDesign(design: Design, datasets: DatasetInfo[], parsed: Parsed): void {
  expect(parsed.error).toBeUndefined();
  expect(parsed.undefined, 'names used before they are defined').toEqual([]);
  const v = validateDesign(design, datasets);
  const byName = new Map(parsed.assigns.filter((a) => typeof a.kwargs.name === 'string').map((a) => [a.kwargs.name as string, a]));
  const multi = new Set(design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => n.params.dataset)).size > 1;
  for (const n of design.nodes) {
    if (n.kind === 'Input') {
      const inputs = parsed.assigns.filter((a) => a.func === 'keras.Input' && (a.kwargs.name === n.id || String(a.kwargs.name).startsWith(`${n.id}_`)));
      expect(inputs.length, `keras.Input for ${n.id}`).toBeGreaterThan(0);
      for (const i of inputs) expect(i.kwargs.shape).toEqual(v.nodes[n.id].outputShapes.out);
      continue;
    }
    const a = byName.get(n.id);
    expect(a, `a Keras layer named '${n.id}'`).toBeTruthy();
    expect(a!.func).toBe(KERAS_CLASS[n.kind]);
    const p = n.params;
    switch (n.kind) {
      case 'Dense':
        expect(a!.kwargs.units).toBe(p.units);
        break;
      case 'Conv2D':
      case 'Conv1D':
        expect(a!.kwargs).toMatchObject({ filters: p.filters, kernel_size: p.kernelSize, padding: p.padding });
        break;
      case 'MaxPool2D':
        expect(a!.kwargs.pool_size).toBe(p.poolSize);
        break;
      case 'Activation':
        expect(a!.args).toEqual([p.activation]);
        break;
      case 'Embedding':
        expect(a!.kwargs.output_dim).toBe(p.outputDim);
        expect(a!.kwargs.input_dim).toBe(v.nodes[n.id].params / (p.outputDim as number));
        break;
      case 'MMoE':
        expect(a!.kwargs).toMatchObject({ num_tasks: p.numTasks, num_experts: p.numExperts, expert_units: p.expertUnits });
        break;
      case 'CGC':
      case 'PLE':
        expect(a!.kwargs).toMatchObject({ num_tasks: p.numTasks, levels: n.kind === 'CGC' ? 1 : p.levels, shared_experts: p.sharedExperts });
        break;
      case 'CrossStitch':
        expect(a!.kwargs.num_tasks).toBe(p.numTasks);
        break;
      case 'TaskHead': {
        const ds = datasets.find((d) => d.id === p.dataset)!;
        const task = ds.tasks.find((t) => t.name === p.task)!;
        expect(a!.args[0]).toBe(task.kind === 'multiclass' ? task.classes!.length : 1);
        (p.hidden as number[]).forEach((u, i) => expect(byName.get(`${n.id}_h${i + 1}`)?.args[0]).toBe(u));
        break;
      }
    }
  }
  const blocks = new Set(design.nodes.map((n) => KERAS_CLASS[n.kind] ?? 'layers.Input').filter((c) => !c.startsWith('layers.')));
  for (const c of blocks) expect(parsed.classes).toContain(c);
  const models = parsed.assigns.filter((a) => a.func === 'keras.Model');
  expect(models.length).toBe(multi ? new Set(design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => n.params.dataset)).size : 1);
  expect(parsed.functions).toContain(multi ? 'build_models' : 'build_model');
}

const SETS: [string, DatasetInfo[]][] = [
  ['images', [multiImage]],
  ['tabular', [tabular]],
  ['image + text', [mnist, textSet]],
];

describe('exportKeras', () => {
  it('writes Python literals', () => {
    expect(py("it's")).toBe("'it\\'s'");
    expect(py([1, true, null, 'a'])).toBe("[1, True, None, 'a']");
    expect(py({ py: 'tf.nn.leaky_relu' })).toBe('tf.nn.leaky_relu');
  });

  it('writes only the custom layer classes the model uses', () => {
    const classes = (code: string) => [...code.matchAll(/^class (\w+)\(/gm)].map((m) => m[1]);
    expect(classes(exportKeras(buildTemplate('hps', [multiImage]), [multiImage]))).toEqual([]);
    expect(classes(exportKeras(buildTemplate('mmoe', [multiImage]), [multiImage]))).toEqual(['MMoE']);
    expect(classes(exportKeras(buildTemplate('cross-stitch', [multiImage]), [multiImage]))).toEqual(['CrossStitch']);
  });

  it('refuses an invalid design, naming the problem', () => {
    const d = buildTemplate('hps', [multiImage]);
    d.nodes[1].params.kernelSize = 0;
    expect(() => exportKeras(d, [multiImage])).toThrow(/Cannot export a design with problems: Conv2D 'conv1': kernelSize/);
  });

  describe.skipIf(!hasPython)('checked with python3 for every template', () => {
    for (const [label, ds] of SETS) {
      for (const name of Object.keys(TEMPLATES)) {
        it(`${name} on ${label}: parses, every layer present, runs against a shape-checking Keras stand-in with the same weight count`, () => {
          const design = buildTemplate(name, ds);
          const code = exportKeras(design, ds);
          checkAgainstDesign(design, ds, parse(code));
          const v = validateDesign(design, ds);
          const ran = runStub(code);
          expect(ran.params).toBe(v.totals.params);
          // each model outputs its dataset's heads, with the head's size
          const heads = design.nodes.filter((n) => n.kind === 'TaskHead');
          const outputs = Object.assign({}, ...Object.values(ran.models));
          expect(Object.keys(outputs).sort()).toEqual(heads.map((h) => h.id).sort());
          for (const h of heads) expect(outputs[h.id]).toEqual(v.nodes[h.id].outputShapes.out);
        });
      }
    }

    it('every other catalog layer too (LSTM, GRU, pooling, normalisation, reshape, merge)', () => {
      const seq = dataset('seq', [{ name: 'text', kind: 'text', vocabSize: 500, maxLength: 20 }, { name: 'img', kind: 'image', shape: [16, 16, 3] }], [
        { name: 'a', kind: 'binary', classes: ['n', 'y'] },
        { name: 'b', kind: 'regression' },
      ]);
      const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({ id, kind, params, position: { x: 0, y: 0 } });
      const edge = (s: string, t: string) => ({ id: `${s}-${t}`, source: s, sourcePort: 'out', target: t, targetPort: 'in' });
      const design: Design = {
        version: 1,
        name: 'all layers',
        nodes: [
          node('txt', 'Input', { dataset: 'seq', feature: 'text' }),
          node('emb', 'Embedding', { outputDim: 8 }),
          node('lstm', 'LSTM', { units: 8, returnSequences: true }),
          node('gru', 'GRU', { units: 8, returnSequences: true }),
          node('gap1', 'GlobalAveragePooling1D'),
          node('img', 'Input', { dataset: 'seq', feature: 'img' }),
          node('avg', 'AvgPool2D', { poolSize: 2 }),
          node('bn', 'BatchNormalization'),
          node('gap2', 'GlobalAveragePooling2D'),
          node('cat', 'Concatenate'),
          node('ln', 'LayerNormalization'),
          node('leaky', 'Activation', { activation: 'leakyRelu' }),
          node('drop', 'Dropout', { rate: 0.1 }),
          node('rs', 'Reshape', { targetShape: [11, 1] }),
          node('flat', 'Flatten'),
          node('d1', 'Dense', { units: 11, activation: 'gelu' }),
          node('sum', 'Add'),
          node('ha', 'TaskHead', { dataset: 'seq', task: 'a', hidden: [4], dropout: 0.2 }),
          node('hb', 'TaskHead', { dataset: 'seq', task: 'b' }),
        ],
        edges: [
          edge('txt', 'emb'), edge('emb', 'lstm'), edge('lstm', 'gru'), edge('gru', 'gap1'),
          edge('img', 'avg'), edge('avg', 'bn'), edge('bn', 'gap2'),
          edge('gap1', 'cat'), edge('gap2', 'cat'), edge('cat', 'ln'), edge('ln', 'leaky'), edge('leaky', 'drop'),
          edge('drop', 'rs'), edge('rs', 'flat'), edge('drop', 'd1'), edge('flat', 'sum'), edge('d1', 'sum'),
          edge('sum', 'ha'), edge('sum', 'hb'),
        ],
      };
      expect(validateDesign(design, [seq]).problems).toEqual([]);
      const code = exportKeras(design, [seq]);
      const parsed = parse(code);
      expect(parsed.error).toBeUndefined();
      expect(parsed.undefined).toEqual([]);
      const by = new Map(parsed.assigns.map((a) => [a.kwargs.name, a]));
      expect(by.get('gru')!.kwargs).toMatchObject({ units: 8, return_sequences: true, reset_after: false });
      expect(by.get('leaky')!.func).toBe('layers.LeakyReLU');
      expect(by.get('d1')!.kwargs.activation).toBe('gelu');
      expect(by.get('rs')!.kwargs.target_shape).toEqual([11, 1]);
      expect(by.get('emb')!.kwargs.input_dim).toBe(500);
      expect(code).toMatch(/t_sum_ = sum_\(\[t_flat, t_d1\]\)/);
      expect(runStub(code).params).toBe(validateDesign(design, [seq]).totals.params);
    });

    it('the attention layers: token + position embedding, encoder blocks (post and pre), self-attention, [CLS] and mean pooling', () => {
      const text = dataset('txt', [{ name: 'text', kind: 'text', vocabSize: 300, maxLength: 12 }], [
        { name: 'a', kind: 'binary', classes: ['n', 'y'] },
        { name: 'b', kind: 'regression' },
      ]);
      const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({ id, kind, params, position: { x: 0, y: 0 } });
      const edge = (s: string, t: string) => ({ id: `${s}-${t}`, source: s, sourcePort: 'out', target: t, targetPort: 'in' });
      const design: Design = {
        version: 1,
        name: 'attention',
        nodes: [
          node('in', 'Input', { dataset: 'txt', feature: 'text' }),
          node('tok', 'TokenPositionEmbedding', { outputDim: 16 }),
          node('enc1', 'TransformerEncoder', { numHeads: 2, keyDim: 8, ffUnits: 32, norm: 'post' }),
          node('enc2', 'TransformerEncoder', { numHeads: 4, keyDim: 4, ffUnits: 24, activation: 'relu', norm: 'pre' }),
          node('att', 'MultiHeadSelfAttention', { numHeads: 2, keyDim: 6 }),
          node('cls', 'SequencePooling', { mode: 'first' }),
          node('mean', 'SequencePooling', { mode: 'mean' }),
          node('ha', 'TaskHead', { dataset: 'txt', task: 'a', hidden: [] }),
          node('hb', 'TaskHead', { dataset: 'txt', task: 'b', hidden: [4] }),
        ],
        edges: [edge('in', 'tok'), edge('tok', 'enc1'), edge('enc1', 'enc2'), edge('enc2', 'att'), edge('att', 'cls'), edge('att', 'mean'), edge('cls', 'ha'), edge('mean', 'hb')],
      };
      expect(validateDesign(design, [text]).problems).toEqual([]);
      const code = exportKeras(design, [text]);
      const parsed = parse(code);
      expect(parsed.error).toBeUndefined();
      expect(parsed.undefined).toEqual([]);
      expect(parsed.classes).toEqual(expect.arrayContaining(['SelfAttention', 'TransformerEncoder', 'TokenPositionEmbedding', 'FirstToken']));
      const by = new Map(parsed.assigns.map((a) => [a.kwargs.name, a]));
      expect(by.get('enc2')!.kwargs).toMatchObject({ num_heads: 4, key_dim: 4, ff_units: 24, activation: 'relu', norm: 'pre' });
      expect(by.get('tok')!.kwargs).toMatchObject({ vocab_size: 300, output_dim: 16 });
      expect(by.get('mean')!.func).toBe('layers.GlobalAveragePooling1D');
      expect(by.get('cls')!.func).toBe('FirstToken');
      const ran = runStub(code);
      expect(ran.params).toBe(validateDesign(design, [text]).totals.params);
      expect(ran.models[''] ?? Object.values(ran.models)[0]).toEqual({ ha: [1], hb: [1] });
    });
  });

  it.skipIf(hasKeras)('running the code with Keras is skipped here: python3 cannot import keras and tensorflow on this machine', () => {});

  describe.skipIf(!hasKeras)('run with Keras', () => {
    for (const name of Object.keys(TEMPLATES)) {
      it(`${name}: the Keras model has as many weights as the design`, () => {
        const design = buildTemplate(name, [multiImage]);
        const dir = mkdtempSync(join(tmpdir(), 'keras-'));
        try {
          const file = join(dir, 'model.py');
          writeFileSync(file, exportKeras(design, [multiImage]) + '\nprint(build_model().count_params())\n');
          const out = execFileSync('python3', [file], { encoding: 'utf8', timeout: 120_000 }).trim().split('\n').pop();
          expect(Number(out)).toBe(validateDesign(design, [multiImage]).totals.params);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
