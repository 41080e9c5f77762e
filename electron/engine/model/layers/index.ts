// The layer-builder registry: catalog kind -> builder. Adding a kind = one file here + one line + one test.
import type { LayerBuilder } from '../types.js';
import { ActivationBuilder } from './activation.js';
import { MultiHeadSelfAttentionBuilder, SequencePoolingBuilder, TokenPositionEmbeddingBuilder, TransformerEncoderBuilder } from './attention.js';
import { AddBuilder } from './add.js';
import { AvgPool2DBuilder } from './avgPool2d.js';
import { BatchNormalizationBuilder } from './batchNormalization.js';
import { CGCBuilder } from './cgc.js';
import { ConcatenateBuilder } from './concatenate.js';
import { Conv1DBuilder } from './conv1d.js';
import { Conv2DBuilder } from './conv2d.js';
import { CrossStitchBuilder } from './crossStitch.js';
import { DenseBuilder } from './dense.js';
import { DropoutBuilder } from './dropout.js';
import { DSelectKBuilder } from './dselectK.js';
import { EmbeddingBuilder } from './embedding.js';
import { FlattenBuilder } from './flatten.js';
import { GlobalAveragePooling1DBuilder } from './globalAveragePooling1d.js';
import { GlobalAveragePooling2DBuilder } from './globalAveragePooling2d.js';
import { GlobalMaxPooling1DBuilder } from './globalMaxPooling1d.js';
import { GRUBuilder } from './gru.js';
import { InputBuilder } from './input.js';
import { LayerNormalizationBuilder } from './layerNormalization.js';
import { LSTMBuilder } from './lstm.js';
import { MaxPool2DBuilder } from './maxPool2d.js';
import { MMoEBuilder } from './mmoe.js';
import { MTANBuilder } from './mtan.js';
import { PLEBuilder } from './ple.js';
import { ReshapeBuilder } from './reshape.js';
import { TaskHeadBuilder } from './taskHead.js';

const BUILDERS: LayerBuilder[] = [
  InputBuilder,
  DenseBuilder,
  Conv2DBuilder,
  MaxPool2DBuilder,
  AvgPool2DBuilder,
  GlobalAveragePooling2DBuilder,
  FlattenBuilder,
  ReshapeBuilder,
  DropoutBuilder,
  BatchNormalizationBuilder,
  LayerNormalizationBuilder,
  ActivationBuilder,
  EmbeddingBuilder,
  ConcatenateBuilder,
  AddBuilder,
  Conv1DBuilder,
  LSTMBuilder,
  GRUBuilder,
  GlobalAveragePooling1DBuilder,
  GlobalMaxPooling1DBuilder,
  TokenPositionEmbeddingBuilder,
  MultiHeadSelfAttentionBuilder,
  TransformerEncoderBuilder,
  SequencePoolingBuilder,
  TaskHeadBuilder,
  MMoEBuilder,
  DSelectKBuilder,
  CGCBuilder,
  PLEBuilder,
  CrossStitchBuilder,
  MTANBuilder,
];

export const LAYER_BUILDERS: Record<string, LayerBuilder> = Object.fromEntries(BUILDERS.map((b) => [b.kind, b]));

export function getBuilder(kind: string): LayerBuilder | undefined {
  return Object.prototype.hasOwnProperty.call(LAYER_BUILDERS, kind) ? LAYER_BUILDERS[kind] : undefined;
}
