// The layer catalog: every kind of design node, keyed by kind. Adding a kind = one file in layers/ + one line here + one test.
import { Activation } from './layers/activation.js';
import { Add } from './layers/add.js';
import { AvgPool2D } from './layers/avgPool2d.js';
import { BatchNormalization } from './layers/batchNormalization.js';
import { CGC } from './layers/cgc.js';
import { Concatenate } from './layers/concatenate.js';
import { Conv1D } from './layers/conv1d.js';
import { Conv2D } from './layers/conv2d.js';
import { CrossStitch } from './layers/crossStitch.js';
import { Dense } from './layers/dense.js';
import { Dropout } from './layers/dropout.js';
import { DSelectK } from './layers/dselectK.js';
import { Embedding } from './layers/embedding.js';
import { Flatten } from './layers/flatten.js';
import { GlobalAveragePooling1D } from './layers/globalAveragePooling1d.js';
import { GlobalAveragePooling2D } from './layers/globalAveragePooling2d.js';
import { GlobalMaxPooling1D } from './layers/globalMaxPooling1d.js';
import { GRU } from './layers/gru.js';
import { Input } from './layers/input.js';
import { LayerNormalization } from './layers/layerNormalization.js';
import { LSTM } from './layers/lstm.js';
import { MaxPool2D } from './layers/maxPool2d.js';
import { MMoE } from './layers/mmoe.js';
import { MTAN } from './layers/mtan.js';
import { MultiHeadSelfAttention } from './layers/multiHeadSelfAttention.js';
import { PLE } from './layers/ple.js';
import { Reshape } from './layers/reshape.js';
import { SequencePooling } from './layers/sequencePooling.js';
import { TaskHead } from './layers/taskHead.js';
import { TokenPositionEmbedding } from './layers/tokenPositionEmbedding.js';
import { TransformerEncoder } from './layers/transformerEncoder.js';
import { GROUPS, type LayerGroup, type LayerKind } from './types.js';

const KINDS: LayerKind[] = [
  Input,
  Dense,
  Flatten,
  Reshape,
  Dropout,
  Activation,
  Embedding,
  Conv2D,
  Conv1D,
  MaxPool2D,
  AvgPool2D,
  GlobalAveragePooling2D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  BatchNormalization,
  LayerNormalization,
  LSTM,
  GRU,
  TokenPositionEmbedding,
  MultiHeadSelfAttention,
  TransformerEncoder,
  SequencePooling,
  Concatenate,
  Add,
  MMoE,
  DSelectK,
  CGC,
  PLE,
  CrossStitch,
  MTAN,
  TaskHead,
];

/** Keyed by kind; a null-prototype object, so CATALOG['toString'] is undefined as for any unknown kind. */
export const CATALOG: Record<string, LayerKind> = Object.assign(
  Object.create(null) as Record<string, LayerKind>,
  Object.fromEntries(KINDS.map((k) => [k.kind, k])),
);

export function getKind(kind: string): LayerKind | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOG, kind) ? CATALOG[kind] : undefined;
}

/** All kinds in palette order (by group, then as registered). */
export function listKinds(group?: LayerGroup): LayerKind[] {
  const all = Object.values(CATALOG);
  const sorted = GROUPS.flatMap((g) => all.filter((k) => k.group === g));
  return group ? sorted.filter((k) => k.group === group) : sorted;
}

/** Params of a new node of this kind: every default filled in. */
export function defaultParams(kind: string): Record<string, unknown> {
  const k = getKind(kind);
  return k ? k.withDefaults({}) : {};
}
