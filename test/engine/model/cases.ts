// One tiny design per catalog kind: the kind's node (`node`) between a fitting input and task heads.
// Shared by the shape, gradient and seed tests; a catalog kind without a case fails the shape test.
import type { DatasetInfo } from '../../../shared/dataset.js';
import type { Design } from '../../../shared/design.js';
import { binary, D, dataset, multiclass, regression } from './fixtures.js';

export interface KindCase {
  design: Design;
  datasets: DatasetInfo[];
  /** The node of the kind under test. */
  node: string;
  /** Kernels the case's gradient needs beyond what every backend has (checked per backend). */
  needsKernels?: string[];
}

const image = dataset('img', [{ name: 'image', kind: 'image', shape: [6, 6, 2] }], [multiclass('a', 3), regression('b')]);
const vector = dataset('vec', [{ name: 'x', kind: 'vector', size: 12, columns: [] }], [multiclass('a', 3), binary('b')]);
const ids = dataset(
  'ids',
  [
    { name: 'text', kind: 'text', vocabSize: 20, maxLength: 5 },
    { name: 'cat', kind: 'categorical', categories: ['r', 'g', 'b'] },
  ],
  [binary('a'), regression('b')],
);

/** Two heads (tasks a and b of `ds`) on `from` (or on block ports task0/task1). */
function heads(d: D, ds: DatasetInfo, from: string | [string, string], hidden: number[] = []): D {
  const [fa, fb] = Array.isArray(from) ? from : [from, from];
  return d
    .node('headA', 'TaskHead', { dataset: ds.id, task: 'a', hidden })
    .edge(fa, 'headA')
    .node('headB', 'TaskHead', { dataset: ds.id, task: 'b', hidden })
    .edge(fb, 'headB');
}

/** vector [12] -> kind -> (Flatten if needed) -> heads. */
function onVector(kind: string, params: Record<string, unknown>, flatten = false): KindCase {
  const d = new D().node('in', 'Input', { dataset: 'vec', feature: 'x' }).chain('in', 'k', kind, params);
  if (flatten) d.chain('k', 'flat', 'Flatten');
  return { design: heads(d, vector, flatten ? 'flat' : 'k').design(kind), datasets: [vector], node: 'k' };
}

/** image [6,6,2] -> kind -> (Flatten) -> heads. */
function onImage(kind: string, params: Record<string, unknown>, flatten = true): KindCase {
  const d = new D().node('in', 'Input', { dataset: 'img', feature: 'image' }).chain('in', 'k', kind, params);
  if (flatten) d.chain('k', 'flat', 'Flatten');
  return { design: heads(d, image, flatten ? 'flat' : 'k').design(kind), datasets: [image], node: 'k' };
}

/** vector [12] -> Reshape [4, 3] (a float sequence) -> kind -> (Flatten) -> heads. */
function onSequence(kind: string, params: Record<string, unknown>, flatten: boolean): KindCase {
  const d = new D()
    .node('in', 'Input', { dataset: 'vec', feature: 'x' })
    .chain('in', 'seq', 'Reshape', { targetShape: [4, 3] })
    .chain('seq', 'k', kind, params);
  if (flatten) d.chain('k', 'flat', 'Flatten');
  return { design: heads(d, vector, flatten ? 'flat' : 'k').design(kind), datasets: [vector], node: 'k' };
}

function block(kind: string, params: Record<string, unknown>): KindCase {
  const d = new D().node('in', 'Input', { dataset: 'vec', feature: 'x' }).chain('in', 'k', kind, { numTasks: 2, ...params });
  return { design: heads(d, vector, ['k:task0', 'k:task1'], [4]).design(kind), datasets: [vector], node: 'k' };
}

export const CASES: Record<string, () => KindCase> = {
  Input: () => ({ ...onImage('Flatten', {}, false), node: 'in' }),
  Dense: () => onVector('Dense', { units: 5, activation: 'tanh' }),
  Conv2D: () => onImage('Conv2D', { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
  MaxPool2D: () => onImage('MaxPool2D', { poolSize: 2 }),
  AvgPool2D: () => onImage('AvgPool2D', { poolSize: 3, strides: 1, padding: 'valid' }),
  GlobalAveragePooling2D: () => onImage('GlobalAveragePooling2D', {}, false),
  Flatten: () => onImage('Flatten', {}, false),
  Reshape: () => onVector('Reshape', { targetShape: [3, -1] }, true),
  Dropout: () => onVector('Dropout', { rate: 0.25 }),
  BatchNormalization: () => onVector('BatchNormalization', {}),
  LayerNormalization: () => onVector('LayerNormalization', {}),
  Activation: () => onVector('Activation', { activation: 'gelu' }),
  Embedding: () => {
    const d = new D()
      .node('text', 'Input', { dataset: 'ids', feature: 'text' })
      .chain('text', 'k', 'Embedding', { outputDim: 4 })
      .chain('k', 'flat', 'Flatten')
      .node('cat', 'Input', { dataset: 'ids', feature: 'cat' })
      .chain('cat', 'catEmbed', 'Embedding', { outputDim: 2 })
      .chain('catEmbed', 'catFlat', 'Flatten')
      .node('join', 'Concatenate', {})
      .edge('flat', 'join')
      .edge('catFlat', 'join');
    return { design: heads(d, ids, 'join').design('Embedding'), datasets: [ids], node: 'k', needsKernels: ['UnsortedSegmentSum'] };
  },
  Concatenate: () => {
    const d = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'p', 'Dense', { units: 4 })
      .chain('in', 'q', 'Dense', { units: 3 })
      .node('k', 'Concatenate', { axis: 0 })
      .edge('p', 'k')
      .edge('q', 'k');
    return { design: heads(d, vector, 'k').design('Concatenate'), datasets: [vector], node: 'k' };
  },
  Add: () => {
    const d = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'p', 'Dense', { units: 4 })
      .chain('in', 'q', 'Dense', { units: 4, activation: 'leakyRelu' })
      .node('k', 'Add', {})
      .edge('p', 'k')
      .edge('q', 'k');
    return { design: heads(d, vector, 'k').design('Add'), datasets: [vector], node: 'k' };
  },
  Conv1D: () => onSequence('Conv1D', { filters: 3, kernelSize: 2, padding: 'valid' }, true),
  LSTM: () => onSequence('LSTM', { units: 3, returnSequences: false }, false),
  GRU: () => onSequence('GRU', { units: 3, returnSequences: true }, true),
  GlobalAveragePooling1D: () => onSequence('GlobalAveragePooling1D', {}, false),
  GlobalMaxPooling1D: () => onSequence('GlobalMaxPooling1D', {}, false),
  TaskHead: () => {
    const d = new D().node('in', 'Input', { dataset: 'vec', feature: 'x' });
    return { design: heads(d, vector, 'in', [5, 4]).design('TaskHead'), datasets: [vector], node: 'headA' };
  },
  TokenPositionEmbedding: () => {
    const d = new D().node('text', 'Input', { dataset: 'ids', feature: 'text' }).chain('text', 'k', 'TokenPositionEmbedding', { outputDim: 4 }).chain('k', 'flat', 'Flatten');
    return { design: heads(d, ids, 'flat').design('TokenPositionEmbedding'), datasets: [ids], node: 'k', needsKernels: ['UnsortedSegmentSum'] };
  },
  MultiHeadSelfAttention: () => onSequence('MultiHeadSelfAttention', { numHeads: 2, keyDim: 2 }, true),
  TransformerEncoder: () => onSequence('TransformerEncoder', { numHeads: 2, keyDim: 2, ffUnits: 5, activation: 'gelu', norm: 'post' }, true),
  SequencePooling: () => onSequence('SequencePooling', { mode: 'first' }, false),
  MMoE: () => block('MMoE', { numExperts: 3, expertUnits: 4 }),
  DSelectK: () => block('DSelectK', { numExperts: 3, k: 2, expertUnits: 4, gamma: 4 }),
  MTAN: () => block('MTAN', { levels: 2, units: 4, activation: 'tanh' }),
  CGC: () => block('CGC', { sharedExperts: 2, taskExperts: 1, expertUnits: 4 }),
  PLE: () => block('PLE', { levels: 2, sharedExperts: 1, taskExperts: 2, expertUnits: 4, expertActivation: 'elu' }),
  CrossStitch: () => {
    const d = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'p', 'Dense', { units: 4 })
      .chain('in', 'q', 'Dense', { units: 4 })
      .node('k', 'CrossStitch', { numTasks: 2 })
      .edge('p', 'k:in0')
      .edge('q', 'k:in1');
    return { design: heads(d, vector, ['k:task0', 'k:task1']).design('CrossStitch'), datasets: [vector], node: 'k' };
  },
};
