// Attention layers (Vaswani et al. 2017) as custom tfjs layers on the layer's own weights: multi-head self-
// attention (q, k, v and output projections; no key bias, which cannot change the softmax: its gradient is 0), a
// Transformer encoder block (post- or pre-norm), token + position embedding, and first/mean sequence pooling.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../seeds.js';
import { activationFn } from '../activations.js';
import type { AddWeight } from './mlp.js';

type LV = tf.LayerVariable;
const glorot = (seed: number, role: string) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, role, 'kernel') });

interface Projection {
  kernel: LV;
  bias: LV | null;
}
function addProjection(add: AddWeight, name: string, inDim: number, outDim: number, seed: number, bias = true): Projection {
  return { kernel: add(`${name}/kernel`, [inDim, outDim], glorot(seed, name)), bias: bias ? add(`${name}/bias`, [outDim], tf.initializers.zeros()) : null };
}
/** x [batch, length, in] → [batch, length, out]. */
function project(x: tf.Tensor, p: Projection): tf.Tensor {
  const [b, l, d] = x.shape;
  const out = p.kernel.shape[1] as number;
  const xw = tf.matMul(tf.reshape(x, [-1, d!]) as tf.Tensor2D, p.kernel.read() as tf.Tensor2D);
  const y = p.bias ? tf.add(xw, p.bias.read()) : xw;
  return tf.reshape(y, [b ?? -1, l!, out]);
}

export interface AttentionWeights {
  q: Projection;
  k: Projection;
  v: Projection;
  o: Projection;
}
export function addAttention(add: AddWeight, prefix: string, dim: number, heads: number, keyDim: number, seed: number): AttentionWeights {
  const hk = heads * keyDim;
  return {
    q: addProjection(add, `${prefix}/query`, dim, hk, seed),
    k: addProjection(add, `${prefix}/key`, dim, hk, seed, false),
    v: addProjection(add, `${prefix}/value`, dim, hk, seed),
    o: addProjection(add, `${prefix}/output`, hk, dim, seed),
  };
}

/** softmax(QKᵀ/√k)·V per head, heads concatenated, projected back: [batch, length, dim] → same. */
export function selfAttention(x: tf.Tensor, w: AttentionWeights, heads: number, keyDim: number): tf.Tensor {
  const [, l] = x.shape;
  const split = (t: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(t, [-1, l!, heads, keyDim]), [0, 2, 1, 3]), [-1, l!, keyDim]) as tf.Tensor3D;
  const q = split(project(x, w.q));
  const k = split(project(x, w.k));
  const v = split(project(x, w.v));
  const scores = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(keyDim))); // [batch·heads, L, L]
  const mixed = tf.matMul(scores as tf.Tensor3D, v); // [batch·heads, L, k]
  const joined = tf.reshape(tf.transpose(tf.reshape(mixed, [-1, heads, l!, keyDim]), [0, 2, 1, 3]), [-1, l!, heads * keyDim]);
  return project(joined, w.o);
}

function layerNorm(x: tf.Tensor, gamma: LV, beta: LV, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma.read()), beta.read());
}

export const LAYER_NORM_EPSILON = 1e-5;

interface AttentionArgs {
  numHeads: number;
  keyDim: number;
  seed: number;
  name?: string;
}

export class SelfAttentionLayer extends tf.layers.Layer {
  static className = 'SelfAttention';
  readonly cfg: AttentionArgs;
  private w!: AttentionWeights;
  constructor(args: AttentionArgs) {
    super({ name: args.name });
    this.cfg = args;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = inputShape as tf.Shape;
    this.w = addAttention((n, shape, init) => this.addWeight(n, shape, 'float32', init), 'attention', s[s.length - 1]!, this.cfg.numHeads, this.cfg.keyDim, this.cfg.seed);
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => selfAttention(Array.isArray(inputs) ? inputs[0] : inputs, this.w, this.cfg.numHeads, this.cfg.keyDim));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.cfg.numHeads, keyDim: this.cfg.keyDim, seed: this.cfg.seed };
  }
}
tf.serialization.registerClass(SelfAttentionLayer);

export interface EncoderArgs extends AttentionArgs {
  ffUnits: number;
  activation: 'gelu' | 'relu';
  norm: 'post' | 'pre';
}

export class TransformerEncoderLayer extends tf.layers.Layer {
  static className = 'TransformerEncoder';
  readonly cfg: EncoderArgs;
  private w!: AttentionWeights;
  private ln!: { g1: LV; b1: LV; g2: LV; b2: LV };
  private ff!: { up: Projection; down: Projection };
  constructor(args: EncoderArgs) {
    super({ name: args.name });
    this.cfg = args;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = inputShape as tf.Shape;
    const d = s[s.length - 1]!;
    const add: AddWeight = (n, shape, init) => this.addWeight(n, shape, 'float32', init);
    this.w = addAttention(add, 'attention', d, this.cfg.numHeads, this.cfg.keyDim, this.cfg.seed);
    this.ln = {
      g1: add('norm1/gamma', [d], tf.initializers.ones()),
      b1: add('norm1/beta', [d], tf.initializers.zeros()),
      g2: add('norm2/gamma', [d], tf.initializers.ones()),
      b2: add('norm2/beta', [d], tf.initializers.zeros()),
    };
    this.ff = { up: addProjection(add, 'ff/dense0', d, this.cfg.ffUnits, this.cfg.seed), down: addProjection(add, 'ff/dense1', this.cfg.ffUnits, d, this.cfg.seed) };
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const { numHeads: h, keyDim: k, norm } = this.cfg;
      const act = activationFn(tf, this.cfg.activation); // gelu with the exact erf, as Keras' 'gelu'
      const ffn = (t: tf.Tensor) => project(act(project(t, this.ff.up)), this.ff.down);
      const ln1 = (t: tf.Tensor) => layerNorm(t, this.ln.g1, this.ln.b1, LAYER_NORM_EPSILON);
      const ln2 = (t: tf.Tensor) => layerNorm(t, this.ln.g2, this.ln.b2, LAYER_NORM_EPSILON);
      if (norm === 'pre') {
        const a = tf.add(x, selfAttention(ln1(x), this.w, h, k));
        return tf.add(a, ffn(ln2(a)));
      }
      const a = ln1(tf.add(x, selfAttention(x, this.w, h, k)));
      return ln2(tf.add(a, ffn(a)));
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(TransformerEncoderLayer);

export class TokenPositionEmbeddingLayer extends tf.layers.Layer {
  static className = 'TokenPositionEmbedding';
  readonly cfg: { vocab: number; outputDim: number; seed: number };
  private tokens!: LV;
  private positions!: LV;
  constructor(args: { vocab: number; outputDim: number; seed: number; name?: string }) {
    super({ name: args.name });
    this.cfg = { vocab: args.vocab, outputDim: args.outputDim, seed: args.seed };
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const length = (inputShape as tf.Shape)[1]!;
    const uniform = (role: string) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: deriveSeed(this.cfg.seed, role, 'embeddings') });
    this.tokens = this.addWeight('tokens', [this.cfg.vocab, this.cfg.outputDim], 'float32', uniform('tokens'));
    this.positions = this.addWeight('positions', [length, this.cfg.outputDim], 'float32', uniform('positions'));
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...(inputShape as tf.Shape), this.cfg.outputDim];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = tf.cast(Array.isArray(inputs) ? inputs[0] : inputs, 'int32');
      return tf.add(tf.gather(this.tokens.read(), ids), this.positions.read());
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(TokenPositionEmbeddingLayer);

export class SequencePoolingLayer extends tf.layers.Layer {
  static className = 'SequencePooling';
  readonly mode: 'first' | 'mean';
  constructor(args: { mode: 'first' | 'mean'; name?: string }) {
    super({ name: args.name });
    this.mode = args.mode;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    return [s[0], s[2]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      if (this.mode === 'mean') return tf.mean(x, 1);
      const [b, , d] = x.shape;
      return tf.reshape(tf.slice(x, [0, 0, 0], [b, 1, d]), [b, d]);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
tf.serialization.registerClass(SequencePoolingLayer);
