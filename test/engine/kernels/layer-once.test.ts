// `once`: a multi-output layer in a tf.model runs once per forward pass (tfjs-layers' executor
// would apply it once per output), with the same values and gradients as without it, and a new
// pass (same batch or not) computes afresh.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { once } from '../../../electron/engine/kernels/layer-once.js';

class TwoHeads extends tf.layers.Layer {
  static className = 'TwoHeadsTest';
  calls = 0;
  private w!: tf.LayerVariable;
  constructor(private readonly memo: boolean) {
    super({});
  }
  override build(shape: tf.Shape | tf.Shape[]): void {
    const d = (shape as number[])[1];
    this.w = this.addWeight('w', [d, 3], 'float32', tf.initializers.glorotUniform({ seed: 3 }));
    this.built = true;
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape[] {
    return [[(shape as number[])[0], 3], [(shape as number[])[0], 3]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): tf.Tensor[] {
    const run = () => tf.tidy(() => {
      this.calls++;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const h = tf.matMul(x, this.w.read());
      return [tf.relu(h), tf.sigmoid(h)];
    });
    return this.memo ? once(this, inputs, kwargs, run) : run();
  }
}

function model(memo: boolean) {
  const input = tf.input({ shape: [4] });
  const layer = new TwoHeads(memo);
  const [a, b] = layer.apply(input) as tf.SymbolicTensor[];
  const outA = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(a) as tf.SymbolicTensor;
  const outB = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(b) as tf.SymbolicTensor;
  return { m: tf.model({ inputs: input, outputs: [outA, outB] }), layer };
}

describe('once: multi-output layers computed once per forward pass', () => {
  it('one call per pass, same loss and gradients as the repeated calls', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor2d([[1, 2, 3, 4], [0.5, -1, 0, 2], [3, 0, -2, 1]]);
    const results = [true, false].map((memo) => {
      const { m, layer } = model(memo);
      const vars = m.trainableWeights.map((w) => (w as any).val as tf.Variable);
      layer.calls = 0;
      const { value, grads } = tf.variableGrads(() => {
        const [p, q] = m.apply(x, { training: true }) as tf.Tensor[];
        return tf.add(tf.sum(tf.square(p)), tf.sum(q)) as tf.Scalar;
      }, vars);
      const calls = layer.calls;
      // a second pass on the same batch computes again
      tf.tidy(() => m.apply(x, { training: true }) as tf.Tensor[]);
      const callsAfter = layer.calls;
      const out = { calls, callsAfter, value: value.dataSync()[0], grads: vars.map((v) => Array.from(grads[v.name].dataSync())) };
      m.dispose();
      return out;
    });
    const [memo, plain] = results;
    expect(plain.calls).toBe(2); // what tfjs-layers does without it
    expect(memo.calls).toBe(1);
    expect(memo.callsAfter).toBe(2);
    expect(memo.value).toBeCloseTo(plain.value, 5);
    memo.grads.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(plain.grads[i][j], 5)));
  });
});
