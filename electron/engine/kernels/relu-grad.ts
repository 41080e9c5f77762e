// Relu's gradient as one kernel where the backend has MtlActGrad (wasm, cpu): dy where x > 0, else 0.
//
// tfjs-core composes it as mul(dy, cast(step(x), 'float32')): three kernels (Step, Cast, Multiply), each a pass
// over the tensor and a tape-side call with its bookkeeping — MultiLeNet's relu after each pool ([256,12,12,10]:
// ~0.45 ms and three calls a step). MtlActGrad (kernels/dense-train.ts, relu) is one pass. Same values except
// where x is NaN (the composed gradient is NaN there, this one 0) and the sign of the zeros (dy·0 keeps dy's sign);
// a training step sums these gradients, where neither shows. Elsewhere (webgpu, tensorflow) the composed ops run.
import * as tf from '@tensorflow/tfjs-core';
import { ACT_GRAD, registerDenseTrainKernels } from './dense-train.js';

let installed = false;

/** Registers Relu's gradient through MtlActGrad where the backend has it (idempotent). */
export function installReluGradient(): void {
  if (installed) return;
  registerDenseTrainKernels();
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const g = dy as tf.Tensor;
      if (x.dtype === 'float32' && g.dtype === 'float32' && tf.getKernel(ACT_GRAD, tf.getBackend())) {
        return { x: () => tf.engine().runKernel(ACT_GRAD, { dy: g, y: x }, { activation: 'relu' }) as tf.Tensor };
      }
      return { x: () => tf.mul(g, tf.cast(tf.step(x), 'float32')) };
    },
  });
  installed = true;
}
