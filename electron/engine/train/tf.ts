// The tfjs namespace the engine trains with (tfjs, or tfjs-node / tfjs-node-gpu, which re-export the same API);
// the one declaration of `Tf` for the whole engine.
export type Tf = typeof import('@tensorflow/tfjs');
export type Tensor = import('@tensorflow/tfjs').Tensor;
export type Scalar = import('@tensorflow/tfjs').Scalar;
export type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
export type Variable = import('@tensorflow/tfjs').Variable;
