// The mixture-of-experts block (MMoE, PLE, DSelect-k experts; MMoE and PLE softmax gates) as a few tfjs kernels
// with hand-written gradients, instead of ~40 composed ops a step, each of which costs ~50 µs of tfjs bookkeeping
// forward and backward (bench/NOTES.md items 26, 37).
//
//   MtlMoeExperts  [x, k_0..k_{E-1}, b_0..b_{E-1}] → [B, E, U] = act(x · k_e + b_e) side by side (relu or linear).
//                  Each expert's kernel and bias stay their own input (their own variable and saved name).
//   MtlMoeGate     {x, experts, kernel, bias} → [mix [B, U], g [B, E]]: task k's softmax gate
//                  g = softmax(x · kernel + bias) and mix[b] = Σ_e g[b, e] · experts[b, e]. One kernel per task,
//                  so on the tape output k depends on the shared experts and gate k only (the per-task-gradient
//                  strategies and the shared/task variable split rely on it; NOTES item 25). The second output is
//                  the gate, saved for the backward (nothing reads it otherwise).
//
// Gradients: the tape prunes inputs that lead to no variable, and each remaining input's gradient closure runs its
// own backward kernel: MtlMoeExpertGradW / MtlMoeExpertGradB per expert (on wasm the first of them in a backward pass
// makes every expert's kernel and bias gradient with one product, the others hand theirs out), MtlMoeExpertsGradX
// for x only where x needs one; MtlMoeGateGradExperts for the experts through gate k, and the gate's logit gradient
// (MtlMoeGateGradLogits) for its kernel, bias and x. Registered for 'wasm' (the SIMD kernels of simd/kernels.c, plain
// JS on the heap where they cannot be loaded) and 'cpu' (the same plain JS, moe-reference.ts: the tests' reference). Elsewhere
// (webgpu, tensorflow), and for shapes or activations not covered, callers keep the composed ops (model/custom/mlp.ts).
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, makeF32, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels, type SimdKernels } from './simd.js';
import { REF, type Arr, type ExpertAttrs, type Ref } from './moe-reference.js';

export const MOE_EXPERTS = 'MtlMoeExperts';
export const MOE_EXPERT_GRAD_W = 'MtlMoeExpertGradW';
export const MOE_EXPERT_GRAD_B = 'MtlMoeExpertGradB';
export const MOE_EXPERTS_GRAD_X = 'MtlMoeExpertsGradX';
export const MOE_GATE = 'MtlMoeGate';
export const MOE_GATE_GRAD_LOGITS = 'MtlMoeGateGradLogits';
export const MOE_GATE_GRAD_EXPERTS = 'MtlMoeGateGradExperts';


/** The kernel's inputs in order: an array as given, or the named inputs in `names` order. */
function list(inputs: unknown, names: string[] | null): TensorInfo[] {
  if (Array.isArray(inputs)) return inputs as TensorInfo[];
  const map = inputs as Record<string, TensorInfo>;
  return (names ?? Object.keys(map)).map((n) => map[n]);
}

function result(outs: TensorInfo[]): TensorInfo | TensorInfo[] {
  return outs.length === 1 ? outs[0] : outs;
}

function cpuKernel(ref: Ref, names: string[] | null): tf.KernelFunc {
  return (({ inputs, backend, attrs }: { inputs: unknown; backend: any; attrs: ExpertAttrs }) => {
    const ts = list(inputs, names);
    const outs = ref(ts.map((t) => backend.readSync(t.dataId) as Arr), ts.map((t) => t.shape), attrs);
    return result(outs.map((o) => backend.makeTensorInfo(o.shape, 'float32', o.values) as TensorInfo));
  }) as unknown as tf.KernelFunc;
}

type Fast = (simd: SimdKernels, backend: Backend, ts: TensorInfo[], attrs: ExpertAttrs) => TensorInfo[];

function wasmKernelOf(ref: Ref, names: string[] | null, fast: Fast): tf.KernelFunc {
  return (({ inputs, backend, attrs }: { inputs: unknown; backend: Backend; attrs: ExpertAttrs }) => {
    const ts = list(inputs, names);
    const empty = ts.some((t) => tf.util.sizeFromShape(t.shape) === 0);
    const simd = !empty && ts.every((t) => t.dtype === 'float32') ? simdKernels(backend) : null;
    if (simd) return result(fast(simd, backend, ts, attrs));
    // Heap views are read before any output is allocated (an allocation may grow the heap).
    const outs = ref(ts.map((t) => heapF32(backend, t)), ts.map((t) => t.shape), attrs);
    return result(outs.map((o) => makeF32(backend, o.shape, o.values)));
  }) as unknown as tf.KernelFunc;
}

/** Runs `f` with a float32 scratch buffer of n values on the wasm heap (its byte offset). */
function withScratch<T>(backend: Backend, n: number, f: (p: number) => T): T {
  const s = backend.makeOutput([n], 'float32') as TensorInfo;
  try {
    return f(ptr(backend, s));
  } finally {
    backend.disposeData(s.dataId);
  }
}

/**
 * One backward pass's kernel and bias gradients of every expert, made by the first of their closures to run (one
 * product of N = E·U columns and one pass over dy, instead of E products of U columns and 2E passes) and then handed
 * out one per call. Backend buffers the engine does not know yet: what a pass leaves unasked (an expert whose
 * gradient the tape pruned) is freed when the next pass fills the cache.
 */
interface ExpertGrads { x: object; h: object; dy: object; relu: boolean; dw: (TensorInfo | null)[]; db: (TensorInfo | null)[] }
const expertGrads = new WeakMap<Backend, ExpertGrads>();

function expertGrad(simd: SimdKernels, backend: Backend, x: TensorInfo, h: TensorInfo, dy: TensorInfo, a: ExpertAttrs,
  which: 'w' | 'b'): TensorInfo {
  const e = a.expert ?? 0;
  let c = expertGrads.get(backend);
  const hit = c !== undefined && c.x === x.dataId && c.h === h.dataId && c.dy === dy.dataId && c.relu === a.relu;
  if (!c || !hit || (which === 'w' ? c.dw : c.db)[e] == null) {
    if (c) for (const t of [...c.dw, ...c.db]) if (t) backend.disposeData(t.dataId);
    c = allExpertGrads(simd, backend, x, h, dy, a.relu);
    expertGrads.set(backend, c);
  }
  const list = which === 'w' ? c.dw : c.db;
  const out = list[e] as TensorInfo;
  list[e] = null;
  return out;
}

function allExpertGrads(simd: SimdKernels, backend: Backend, x: TensorInfo, h: TensorInfo, dy: TensorInfo, relu: boolean): ExpertGrads {
  const [B, D] = x.shape;
  const [, E, U] = h.shape;
  const N = E * U;
  const dw: TensorInfo[] = [];
  const db: TensorInfo[] = [];
  for (let e = 0; e < E; e++) {
    dw.push(backend.makeOutput([D, U], 'float32') as TensorInfo);
    db.push(backend.makeOutput([U], 'float32') as TensorInfo);
  }
  withScratch(backend, D * N + N, (all) => withScratch(backend, B * N, (z) => {
    simd.moe_experts_grad_wb(ptr(backend, x), ptr(backend, h), ptr(backend, dy), z, all, all + 4 * D * N, B, D, N, relu ? 1 : 0);
    for (let e = 0; e < E; e++) {
      simd.copy_runs(all + 4 * e * U, ptr(backend, dw[e]), D, U, N, U);
      simd.copy_runs(all + 4 * (D * N + e * U), ptr(backend, db[e]), 1, U, 0, 0);
    }
  }));
  return { x: x.dataId, h: h.dataId, dy: dy.dataId, relu, dw, db };
}

const FAST: Record<string, Fast> = {
  [MOE_EXPERTS](simd, backend, ts, a) {
    const E = (ts.length - 1) / 2;
    const [B, D] = ts[0].shape;
    const U = ts[1].shape[1];
    const out = backend.makeOutput([B, E, U], 'float32') as TensorInfo;
    const po = ptr(backend, out);
    const px = ptr(backend, ts[0]);
    for (let e = 0; e < E; e++) {
      simd.moe_expert_fwd(px, ptr(backend, ts[1 + e]), ptr(backend, ts[1 + E + e]), po + 4 * e * U, B, D, U, E * U, a.relu ? 1 : 0);
    }
    return [out];
  },
  [MOE_EXPERT_GRAD_W]: (simd, backend, ts, a) => [expertGrad(simd, backend, ts[0], ts[1], ts[2], a, 'w')],
  [MOE_EXPERT_GRAD_B]: (simd, backend, ts, a) => [expertGrad(simd, backend, ts[0], ts[1], ts[2], a, 'b')],
  [MOE_EXPERTS_GRAD_X](simd, backend, ts, a) {
    const [h, dy] = ts;
    const [B, E, U] = h.shape;
    const D = ts[2].shape[0];
    const N = E * U;
    const out = backend.makeOutput([B, D], 'float32') as TensorInfo;
    withScratch(backend, N * D, (wt) => {
      for (let e = 0; e < E; e++) simd.moe_pack_t(ptr(backend, ts[2 + e]), wt, D, U, e * U);
      withScratch(backend, B * N, (z) => simd.moe_experts_grad_x(ptr(backend, h), ptr(backend, dy), z, wt, ptr(backend, out), B, D, N, a.relu ? 1 : 0));
    });
    return [out];
  },
  [MOE_GATE](simd, backend, ts) {
    const [x, ex, wg, bg] = ts;
    const [B, D] = x.shape;
    const [, E, U] = ex.shape;
    const mix = backend.makeOutput([B, U], 'float32') as TensorInfo;
    const g = backend.makeOutput([B, E], 'float32') as TensorInfo;
    simd.moe_gate_fwd(ptr(backend, x), ptr(backend, wg), ptr(backend, bg), ptr(backend, ex), ptr(backend, g), ptr(backend, mix), B, D, E, U);
    return [mix, g];
  },
  [MOE_GATE_GRAD_LOGITS](simd, backend, ts) {
    const [ex, g, dy] = ts;
    const [B, E, U] = ex.shape;
    const dl = backend.makeOutput([B, E], 'float32') as TensorInfo;
    simd.moe_gate_grad_logits(ptr(backend, ex), ptr(backend, g), ptr(backend, dy), ptr(backend, dl), B, E, U);
    return [dl];
  },
  [MOE_GATE_GRAD_EXPERTS](simd, backend, ts) {
    const [g, dy] = ts;
    const [B, E] = g.shape;
    const U = dy.shape[1];
    const dex = backend.makeOutput([B, E, U], 'float32') as TensorInfo;
    simd.moe_gate_grad_experts(ptr(backend, g), ptr(backend, dy), ptr(backend, dex), B, E, U);
    return [dex];
  },
};

const KERNELS: [string, Ref, string[] | null][] = [
  [MOE_EXPERTS, REF.experts, null],
  [MOE_EXPERT_GRAD_W, REF.expertGradW, ['x', 'h', 'dy']],
  [MOE_EXPERT_GRAD_B, REF.expertGradB, ['x', 'h', 'dy']],
  [MOE_EXPERTS_GRAD_X, REF.expertsGradX, null],
  [MOE_GATE, REF.gate as Ref, ['x', 'experts', 'kernel', 'bias']],
  [MOE_GATE_GRAD_LOGITS, REF.gateGradLogits as Ref, ['experts', 'g', 'dy']],
  [MOE_GATE_GRAD_EXPERTS, REF.gateGradExperts as Ref, ['g', 'dy']],
];

function run(name: string, inputs: unknown, attrs: object = {}): tf.Tensor {
  return tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
}

let registered = false;

/** Registers the kernels for 'cpu' and 'wasm' and their gradients (idempotent). */
export function registerMoeKernels(): void {
  if (registered) return;
  registered = true;
  for (const [name, ref, names] of KERNELS) {
    for (const [backendName, kernelFunc] of [['cpu', cpuKernel(ref, names)], ['wasm', wasmKernelOf(ref, names, FAST[name])]] as const) {
      if (!tf.getKernel(name, backendName)) tf.registerKernel({ kernelName: name, backendName, kernelFunc });
    }
  }
  tf.registerGradient({
    kernelName: MOE_EXPERTS,
    saveAllInputs: true,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const n = saved.length - 1; // x, E kernels, E biases, then the output
      const E = (n - 1) / 2;
      const [x] = saved;
      const h = saved[n];
      const relu = (attrs as unknown as ExpertAttrs).relu;
      const grads: Record<string, () => tf.Tensor> = {
        0: () => run(MOE_EXPERTS_GRAD_X, [h, dy, ...saved.slice(1, 1 + E)], { relu }),
      };
      for (let e = 0; e < E; e++) {
        grads[1 + e] = () => run(MOE_EXPERT_GRAD_W, { x, h, dy }, { relu, expert: e });
        grads[1 + E + e] = () => run(MOE_EXPERT_GRAD_B, { x, h, dy }, { relu, expert: e });
      }
      return grads;
    },
  });
  tf.registerGradient({
    kernelName: MOE_GATE,
    inputsToSave: ['x', 'experts', 'kernel'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const dmix = (dys as tf.Tensor[])[0];
      const [x, ex, wg, g] = saved;
      // The logit gradient serves the kernel's, the bias's and x's ([B, E], a few µs): made once, here.
      const dl = run(MOE_GATE_GRAD_LOGITS, { experts: ex, g, dy: dmix });
      return {
        x: () => tf.matMul(dl, wg, false, true),
        experts: () => run(MOE_GATE_GRAD_EXPERTS, { g, dy: dmix }),
        kernel: () => tf.matMul(x, dl, true, false),
        bias: () => tf.sum(dl, 0),
      };
    },
  });
}

registerMoeKernels();

function fusable(...ts: tf.Tensor[]): boolean {
  return ts.every((t) => t.dtype === 'float32') && tf.getKernel(MOE_GATE, tf.getBackend()) != null;
}

/**
 * The experts as one kernel: x [B, D], kernels [D, U] and biases [U] of each expert → [B, E, U] after the
 * activation. Null where the kernel does not cover it (another backend, another activation, other shapes).
 */
export function moeExperts(x: tf.Tensor, kernels: tf.Tensor[], biases: tf.Tensor[], activation: string | undefined): tf.Tensor3D | null {
  if (activation !== 'relu' && activation !== 'linear') return null;
  if (kernels.length === 0 || kernels.length !== biases.length || x.rank !== 2 || !fusable(x, ...kernels, ...biases)) return null;
  const [D, U] = kernels[0].shape;
  if (x.shape[1] !== D || kernels.some((k) => k.rank !== 2 || k.shape[0] !== D || k.shape[1] !== U)) return null;
  if (biases.some((b) => b.rank !== 1 || b.shape[0] !== U)) return null;
  return run(MOE_EXPERTS, [x, ...kernels, ...biases], { relu: activation === 'relu' }) as tf.Tensor3D;
}

/** A softmax gate on x [B, D] (kernel [D, E], bias [E]) mixing experts [B, E, U] → [B, U]; null where not covered. */
export function moeGateMix(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, experts: tf.Tensor): tf.Tensor2D | null {
  if (x.rank !== 2 || kernel.rank !== 2 || bias.rank !== 1 || experts.rank !== 3 || !fusable(x, kernel, bias, experts)) return null;
  const [B, D] = x.shape;
  const [B2, E] = experts.shape;
  if (B !== B2 || kernel.shape[0] !== D || kernel.shape[1] !== E || bias.shape[0] !== E) return null;
  const [mix, g] = tf.engine().runKernel(MOE_GATE, { x, experts, kernel, bias }) as tf.Tensor[];
  g.dispose();
  return mix as tf.Tensor2D;
}
