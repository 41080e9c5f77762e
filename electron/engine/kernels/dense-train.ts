// A dense layer (x·W + b, then relu, sigmoid or nothing) as one kernel with its own gradient, while training.
//
// tf.layers' Dense calls tf.fused.matMul; while gradients are recorded, unfused-training.ts runs it as
// matMul, add and the activation so the tape can prune gradients nothing needs (the fused op's gradient
// computes all of them). That is three nodes on the tape, each with its tfjs bookkeeping (~50 µs forward +
// backward, NOTES item 26), and a backward of relu (step, cast, mul) and add (sum, reshape) besides the two
// products. Here it is one node:
//
//   MtlDense(a, b, bias) = act(a·b + bias)      [rows, k] · [k, n] + [n]
//   gradient: dz = dy (linear) or MtlActGrad(dy, y) (relu: dy where y > 0; sigmoid: dy·y·(1 − y)), then
//   a: dz·bᵀ, b: aᵀ·dz, bias: Σ_rows dz — one closure per input, so the tape still skips a's gradient for a
//   model's first layer.
//
// Same arithmetic as the unfused ops (the product, then the bias, then the activation). Registered for wasm
// (the product on our BatchMatMul, bias and relu in place in one SIMD pass) and cpu (its own kernels in a row);
// elsewhere the unfused ops run as before.
import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulWasm } from './batch-mat-mul.js';
import { ptr, simdKernels } from './simd.js';
import type { Backend } from './wasm-util.js';

export const DENSE = 'MtlDense';
export const ACT_GRAD = 'MtlActGrad';

export type DenseActivation = 'linear' | 'relu' | 'sigmoid';
const ACTS = new Set<string>(['linear', 'relu', 'sigmoid']);

type Info = tf.TensorInfo;
interface Args { inputs: Record<string, Info>; backend: any; attrs: Record<string, unknown> }

/** Runs the kernel `name` registered for `backendName` (the backend's own, or the one we put in its place). */
function call(backendName: string, name: string, backend: any, inputs: Record<string, Info>, attrs: Record<string, unknown> = {}): Info {
  return (tf.getKernel(name, backendName)!.kernelFunc as any)({ inputs, backend, attrs }) as Info;
}

/** Product, bias, activation with the backend's kernels, intermediates freed. */
function denseComposed(backendName: string, { inputs, backend, attrs }: Args): Info {
  const prod = call(backendName, 'BatchMatMul', backend, { a: inputs.a, b: inputs.b }, { transposeA: false, transposeB: false });
  const sum = call(backendName, 'Add', backend, { a: prod, b: inputs.bias });
  backend.disposeData(prod.dataId);
  const act = attrs.activation as DenseActivation;
  if (act === 'linear') return sum;
  const out = call(backendName, act === 'relu' ? 'Relu' : 'Sigmoid', backend, { x: sum });
  backend.disposeData(sum.dataId);
  return out;
}

function denseWasm(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const simd = simdKernels(backend as Backend);
  if (!simd) return denseComposed('wasm', args);
  const act = attrs.activation as DenseActivation;
  const prod = batchMatMulWasm({ inputs: { a: inputs.a, b: inputs.b }, backend, attrs: { transposeA: false, transposeB: false } });
  const [rows, cols] = prod.shape;
  simd.bias_act(ptr(backend, prod), ptr(backend, inputs.bias), rows, cols, act === 'relu' ? 1 : 0);
  if (act !== 'sigmoid') return prod;
  const out = call('wasm', 'Sigmoid', backend, { x: prod });
  backend.disposeData(prod.dataId);
  return out;
}

function actGradJs(dy: Float32Array, y: Float32Array, out: Float32Array, act: DenseActivation): void {
  if (act === 'relu') for (let i = 0; i < out.length; i++) out[i] = y[i] > 0 ? dy[i] : 0;
  else for (let i = 0; i < out.length; i++) out[i] = dy[i] * y[i] * (1 - y[i]);
}

function actGradWasm({ inputs, backend, attrs }: Args): Info {
  const { dy, y } = inputs;
  const out = backend.makeOutput(dy.shape, 'float32') as Info;
  const n = tf.util.sizeFromShape(dy.shape);
  const act = attrs.activation as DenseActivation;
  const simd = simdKernels(backend as Backend);
  if (simd) {
    simd.act_grad(ptr(backend, dy), ptr(backend, y), ptr(backend, out), n, act === 'relu' ? 1 : 2);
  } else {
    const view = (t: Info) => new Float32Array(backend.wasm.HEAPU8.buffer, ptr(backend, t), n);
    actGradJs(view(dy), view(y), view(out), act);
  }
  return out;
}

function actGradCpu({ inputs, backend, attrs }: Args): Info {
  const values = (t: Info) => backend.data.get(t.dataId).values as Float32Array;
  const out = new Float32Array(tf.util.sizeFromShape(inputs.dy.shape));
  actGradJs(values(inputs.dy), values(inputs.y), out, attrs.activation as DenseActivation);
  return backend.makeTensorInfo(inputs.dy.shape, 'float32', out) as Info;
}

const BACKENDS = ['wasm', 'cpu'];
let registered = false;

/** Registers the dense kernels for wasm and cpu and their gradient (idempotent). */
export function registerDenseTrainKernels(): void {
  if (registered) return;
  const kernel = (kernelName: string, backendName: string, f: (args: Args) => Info) =>
    tf.registerKernel({ kernelName, backendName, kernelFunc: f as unknown as tf.KernelFunc });
  kernel(DENSE, 'wasm', denseWasm);
  kernel(DENSE, 'cpu', (args) => denseComposed('cpu', args));
  kernel(ACT_GRAD, 'wasm', actGradWasm);
  kernel(ACT_GRAD, 'cpu', actGradCpu);
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [a, b, y] = saved;
      const g = dy as tf.Tensor;
      const act = (attrs as unknown as { activation: DenseActivation }).activation;
      // computed here, not in a closure: the tape runs each closure in its own tidy
      const dz = act === 'linear' ? g : (tf.engine().runKernel(ACT_GRAD, { dy: g, y }, { activation: act }) as tf.Tensor);
      return {
        a: () => tf.matMul(dz, b, false, true),
        b: () => tf.matMul(a, dz, true, false),
        bias: () => tf.sum(dz, 0),
      };
    },
  });
  registered = true;
}

type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];

/**
 * tf.fused.matMul's arguments as one MtlDense call where it applies (the backend has the kernel; 2-D float32
 * operands, no transposes, a bias of n values, a linear / relu / sigmoid activation, no prelu), else null.
 */
export function denseTrain(args: FusedMatMulArgs): tf.Tensor | null {
  registerDenseTrainKernels();
  const backendName = tf.getBackend();
  if (!BACKENDS.includes(backendName)) return null;
  const { a, b, bias } = args;
  const act = args.activation ?? 'linear';
  if (!ACTS.has(act) || args.preluActivationWeights != null || args.transposeA || args.transposeB || bias == null) return null;
  if (!(a instanceof tf.Tensor) || !(b instanceof tf.Tensor) || !(bias instanceof tf.Tensor)) return null;
  if (a.rank !== 2 || b.rank !== 2 || bias.rank !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32' || bias.dtype !== 'float32') return null;
  if (a.shape[1] !== b.shape[0] || bias.shape[0] !== b.shape[1]) return null;
  return tf.engine().runKernel(DENSE, { a, b, bias }, { activation: act }) as tf.Tensor;
}
