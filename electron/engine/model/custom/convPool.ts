// A design's Conv2D → MaxPool2D 2 × 2 (→ relu) stage as one layer for the training forward pass (MultiLeNet's stages):
// while gradients are recorded on a backend with the kernel (kernels/conv-pool.ts: wasm, cpu) it runs one MtlConvPool
// call — the convolution's output is pooled as it is made, and the backward pass writes the convolution's output
// gradient from the pooled gradient and each window's argmax (no MaxPool / MaxPoolGrad / relu-gradient kernels, no
// pass over the convolution's output to find its maxima again). Otherwise (inference, other backends, shapes the
// kernel does not cover) it calls the three layers themselves, so the values are theirs exactly.
//
// It owns no weights: it reads the Conv2D layer's kernel and bias, so weight names, checkpoints, the Keras export and
// the shared / task variable split stay those of the separate layers (model/build.ts keeps the route models built
// from the separate layers and uses a model with this layer only for the training forward pass).
import * as tf from '@tensorflow/tfjs';
import { convPool, convPoolAvailable } from '../../kernels/conv-pool.js';

type Layer = tf.layers.Layer;
type Shape = (number | null)[];

function all(v: unknown, n: number): boolean {
  return Array.isArray(v) ? v.every((e) => e === n) : v === n;
}

function recording(): boolean {
  return (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
}

interface Plan { pad: 'valid' | 'same'; poolPad: 'valid' | 'same'; relu: boolean }

/**
 * How conv (tf.layers Conv2D) → pool (MaxPooling2D) → relu (an Activation layer, or null) run as one MtlConvPool:
 * stride 1, dilation 1, channels last, a bias, a linear or relu activation; a 2 × 2 pool at stride 2. Else null.
 */
export function convPoolPlan(conv: Layer, pool: Layer, relu: Layer | null): Plan | null {
  const c = conv.getConfig() as Record<string, unknown>;
  const p = pool.getConfig() as Record<string, unknown>;
  if (conv.getClassName() !== 'Conv2D' || pool.getClassName() !== 'MaxPooling2D') return null;
  if (!all(c.strides, 1) || !all(c.dilationRate, 1) || c.useBias !== true || (c.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  if (c.activation !== 'relu' && c.activation !== 'linear') return null;
  if (c.padding !== 'valid' && c.padding !== 'same') return null;
  if (!all(p.poolSize, 2) || !all(p.strides, 2) || (p.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  if (p.padding !== 'valid' && p.padding !== 'same') return null;
  if (relu && (relu.getClassName() !== 'Activation' || (relu.getConfig() as Record<string, unknown>).activation !== 'relu')) return null;
  return { pad: c.padding, poolPad: p.padding, relu: c.activation === 'relu' || relu != null };
}

export class ConvPool2D extends tf.layers.Layer {
  static className = 'MtlConvPool2D';
  private readonly plan: Plan;

  constructor(readonly conv: Layer, readonly pool: Layer, readonly relu: Layer | null, name: string) {
    super({ name, trainable: true });
    const plan = convPoolPlan(conv, pool, relu);
    if (!plan) throw new Error(`ConvPool2D: '${conv.name}' → '${pool.name}' is no stage it covers`);
    this.plan = plan;
  }

  build(): void {
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    let s = this.conv.computeOutputShape(inputShape);
    s = this.pool.computeOutputShape(s);
    return this.relu ? this.relu.computeOutputShape(s) : s;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const fused = recording() && convPoolAvailable() ? this.fused(x) : null;
      if (fused) return fused;
      let y = this.conv.call(x, kwargs) as tf.Tensor;
      y = this.pool.call(y, kwargs) as tf.Tensor;
      return this.relu ? (this.relu.call(y, kwargs) as tf.Tensor) : y;
    });
  }

  private fused(x: tf.Tensor4D): tf.Tensor4D | null {
    const w = this.conv as unknown as { kernel?: tf.LayerVariable; bias?: tf.LayerVariable };
    if (!w.kernel || !w.bias || x.rank !== 4) return null;
    const k = w.kernel.read() as tf.Tensor4D;
    const zh = this.plan.pad === 'valid' ? x.shape[1] - k.shape[0] + 1 : x.shape[1];
    const zw = this.plan.pad === 'valid' ? x.shape[2] - k.shape[1] + 1 : x.shape[2];
    if (zh < 2 || zw < 2) return null;
    // A 'same' pool pads an odd last row / column (one window more); the kernel drops it as a 'valid' pool does.
    if (this.plan.poolPad === 'same' && (zh % 2 || zw % 2)) return null;
    return convPool(x, k, w.bias.read() as tf.Tensor1D, this.plan.pad, this.plan.relu);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), conv: this.conv.name, pool: this.pool.name, relu: this.relu?.name ?? null };
  }
}
