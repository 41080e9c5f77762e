// Slice, Unpack, GatherV2, Concat and Pack for wasm without needless copies.
//
// The backend's Slice reads its input back with readSync, which copies the entire tensor out of
// the wasm heap before taking the slice (Unpack slices the same way, once per output, so an
// unstack of n pieces copies the input n times). Its GatherV2 is a per-element loop: gathering a
// batch of 1024 rows of 100 features took ~5 ms. These versions copy only what they return,
// whole contiguous runs at a time, from views on the heap. Concat and Pack copy short runs
// (stacking MMoE's experts: runs of 16 floats) by hand rather than one subarray().set() each.
// Strings go to the backend's own kernels.
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels } from './simd.js';

/** 4-byte dtypes go through the SIMD strided copy where it is loaded. */
function runs(backend: Backend, t: TensorInfo) {
  return t.dtype === 'float32' || t.dtype === 'int32' ? simdKernels(backend) : null;
}

function view(backend: Backend, t: TensorInfo): Float32Array | Int32Array | Uint8Array {
  return (backend as any).typedArrayFromHeap(t);
}

/** A bit-exact view for copying: Int32Array for 4-byte dtypes (float32 and int32 alike, so the copy
 *  loops stay monomorphic and never pass floats through double registers), Uint8Array for bool. */
function bits(backend: Backend, t: TensorInfo): Int32Array | Uint8Array {
  const v = view(backend, t);
  return v instanceof Uint8Array ? v : new Int32Array(v.buffer, v.byteOffset, v.length);
}

/** Copies the box [begin, begin + size) of x (row-major) into out, run by run along the last axis. */
function copyBox(src: Int32Array | Uint8Array, shape: number[], begin: number[], size: number[],
  dst: Int32Array | Uint8Array): void {
  const rank = shape.length;
  const strides = tf.util.computeStrides(shape);
  const run = size[rank - 1];
  const outer = size.slice(0, -1);
  const count = tf.util.sizeFromShape(outer);
  const idx = new Array(Math.max(rank - 1, 0)).fill(0);
  let o = 0;
  for (let i = 0; i < count; i++) {
    let off = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) off += (begin[d] + idx[d]) * strides[d];
    if (run >= 64) {
      (dst as Int32Array).set((src as Int32Array).subarray(off, off + run), o);
      o += run;
    } else {
      for (let k = 0; k < run; k++) dst[o++] = src[off + k];
    }
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d] < outer[d]) break;
      idx[d] = 0;
    }
  }
}

export function sliceWasm(args: { inputs: { x: TensorInfo }; backend: Backend; attrs: { begin: number | number[]; size: number | number[] } }): TensorInfo {
  const { backend } = args;
  const { x } = args.inputs;
  if (x.dtype === 'string') return wasmKernel('Slice')(args as any);
  const [begin, size] = tf.slice_util.parseSliceParams(x as any, args.attrs.begin, args.attrs.size);
  const out = backend.makeOutput(size, x.dtype) as TensorInfo;
  if (tf.util.sizeFromShape(size) === 0) return out;
  const src = bits(backend, x);
  const dst = bits(backend, out);
  if (x.shape.length === 0) {
    dst[0] = src[0];
    return out;
  }
  copyBox(src, x.shape, begin, size, dst);
  return out;
}

export function unpackWasm(args: { inputs: { value: TensorInfo }; backend: Backend; attrs: { axis: number } }): TensorInfo[] {
  const { backend } = args;
  const { value } = args.inputs;
  if (value.dtype === 'string') return wasmKernel('Unpack')(args as any) as unknown as TensorInfo[];
  let axis = args.attrs.axis;
  if (axis < 0) axis += value.shape.length;
  const n = value.shape[axis];
  const outShape = value.shape.filter((_, i) => i !== axis);
  const outs: TensorInfo[] = [];
  for (let i = 0; i < n; i++) outs.push(backend.makeOutput(outShape, value.dtype) as TensorInfo);
  if (tf.util.sizeFromShape(outShape) === 0) return outs;
  // One pass over the input: out_i[b, :] = value[b, i, :].
  const outer = tf.util.sizeFromShape(value.shape.slice(0, axis));
  const inner = tf.util.sizeFromShape(value.shape.slice(axis + 1));
  const simd = runs(backend, value);
  if (simd) {
    const base = ptr(backend, value);
    outs.forEach((t, i) => simd.copy_runs(base + 4 * i * inner, ptr(backend, t), outer, inner, n * inner, inner));
    return outs;
  }
  const src = bits(backend, value);
  const dsts = outs.map((t) => bits(backend, t));
  let from = 0;
  for (let b = 0; b < outer; b++) {
    const to = b * inner;
    for (let i = 0; i < n; i++, from += inner) {
      const dst = dsts[i];
      if (inner >= 64) (dst as Int32Array).set((src as Int32Array).subarray(from, from + inner), to);
      else for (let k = 0; k < inner; k++) dst[to + k] = src[from + k];
    }
  }
  return outs;
}

export function gatherV2Wasm(args: { inputs: { x: TensorInfo; indices: TensorInfo }; backend: Backend; attrs: { axis: number; batchDims: number } }): TensorInfo {
  const { backend, attrs } = args;
  const { x, indices } = args.inputs;
  const fast = (x.dtype === 'float32' || x.dtype === 'int32') && indices.dtype === 'int32' && (attrs.batchDims ?? 0) === 0;
  if (!fast) return wasmKernel('GatherV2')(args as any);
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
  const outerSize = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const dimSize = x.shape[axis];
  const sliceSize = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const idx = view(backend, indices) as Int32Array;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (!(v >= 0 && v <= dimSize - 1)) throw new Error(`GatherV2: the index value ${v} is not in [0, ${dimSize - 1}]`);
  }
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = backend.makeOutput(outShape, x.dtype) as TensorInfo;
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  const src = bits(backend, x) as Int32Array;
  const dst = bits(backend, out) as Int32Array;
  const ind = view(backend, indices) as Int32Array; // again: the allocation may have moved the heap
  // 32-bit rows copied as bits by a SIMD kernel, one call per outer block (the training batch's gather: one
  // call; [4096,100] by 1,024 rows 0.05 → 0.02 ms CPU, NOTES item 46). Without the kernels, the loops below.
  const simd = simdKernels(backend);
  if (simd) {
    const s0 = ptr(backend, x);
    const d0 = ptr(backend, out);
    const ip = ptr(backend, indices);
    for (let b = 0; b < outerSize; b++) {
      simd.gather_rows(s0 + b * dimSize * sliceSize * 4, ip, d0 + b * ind.length * sliceSize * 4, ind.length, sliceSize);
    }
    return out;
  }
  let o = 0;
  if (sliceSize === 1) {
    for (let b = 0; b < outerSize; b++) {
      const base = b * dimSize;
      for (let i = 0; i < ind.length; i++) dst[o++] = src[base + ind[i]];
    }
    return out;
  }
  if (sliceSize >= 256) {
    for (let b = 0; b < outerSize; b++) {
      const base = b * dimSize * sliceSize;
      for (let i = 0; i < ind.length; i++) {
        const from = base + ind[i] * sliceSize;
        dst.set(src.subarray(from, from + sliceSize), o);
        o += sliceSize;
      }
    }
    return out;
  }
  // Short rows copied within the heap (memmove): no typed-array view made per row, which costs as
  // much as the copy itself here ([4096,100] by 1,024 rows: 0.09–0.16 → 0.05 ms CPU).
  const heap = new Int32Array(dst.buffer);
  const s0 = src.byteOffset >> 2;
  const d0 = dst.byteOffset >> 2;
  for (let b = 0; b < outerSize; b++) {
    const base = s0 + b * dimSize * sliceSize;
    for (let i = 0; i < ind.length; i++) {
      const from = base + ind[i] * sliceSize;
      heap.copyWithin(d0 + o, from, from + sliceSize);
      o += sliceSize;
    }
  }
  return out;
}

/** out[b, (i, inner)] = inputs[i][b, inner]: the interleave of Concat and Pack, small runs copied by hand. */
function interleave(srcs: (Int32Array | Uint8Array)[], inner: number[], outer: number, dst: Int32Array | Uint8Array): void {
  let o = 0;
  for (let b = 0; b < outer; b++) {
    for (let i = 0; i < srcs.length; i++) {
      const n = inner[i];
      const src = srcs[i];
      const from = b * n;
      if (n >= 64) {
        (dst as Int32Array).set((src as Int32Array).subarray(from, from + n), o);
        o += n;
      } else {
        for (let k = 0; k < n; k++) dst[o++] = src[from + k];
      }
    }
  }
}

export function concatWasm(args: { inputs: TensorInfo[]; backend: Backend; attrs: { axis: number } }): TensorInfo {
  const { backend, inputs } = args;
  if (inputs.length === 0 || inputs.some((t) => t.dtype === 'string' || t.dtype !== inputs[0].dtype)) return wasmKernel('Concat')(args as any);
  const axis = tf.util.parseAxisParam(args.attrs.axis, inputs[0].shape)[0];
  tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
  const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const live = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
  const out = backend.makeOutput(outShape, inputs[0].dtype) as TensorInfo;
  if (tf.util.sizeFromShape(outShape) === 0 || live.length === 0) return out;
  const outer = tf.util.sizeFromShape(live[0].shape.slice(0, axis));
  const simd = runs(backend, out);
  if (simd) {
    const inners = live.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const total = inners.reduce((a, b) => a + b, 0);
    let off = 0;
    live.forEach((t, i) => {
      simd.copy_runs(ptr(backend, t), ptr(backend, out) + 4 * off, outer, inners[i], inners[i], total);
      off += inners[i];
    });
    return out;
  }
  interleave(live.map((t) => bits(backend, t)), live.map((t) => tf.util.sizeFromShape(t.shape.slice(axis))), outer, bits(backend, out));
  return out;
}

export function packWasm(args: { inputs: TensorInfo[]; backend: Backend; attrs: { axis: number } }): TensorInfo {
  const { backend, inputs } = args;
  const first = inputs[0];
  if (!first || first.dtype === 'string' || inputs.length === 1) return wasmKernel('Pack')(args as any);
  for (const t of inputs) {
    tf.util.assertShapesMatch(first.shape, t.shape, 'All tensors passed to stack must have matching shapes');
    tf.util.assert(first.dtype === t.dtype, () => 'All tensors passed to stack must have matching dtypes');
  }
  let axis = args.attrs.axis;
  if (axis < 0) axis += first.shape.length + 1;
  const outShape = [...first.shape.slice(0, axis), inputs.length, ...first.shape.slice(axis)];
  const out = backend.makeOutput(outShape, first.dtype) as TensorInfo;
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  const inner = tf.util.sizeFromShape(first.shape.slice(axis));
  const outer = tf.util.sizeFromShape(first.shape.slice(0, axis));
  const simd = runs(backend, out);
  if (simd) {
    const n = inputs.length;
    inputs.forEach((t, i) => simd.copy_runs(ptr(backend, t), ptr(backend, out) + 4 * i * inner, outer, inner, inner, n * inner));
    return out;
  }
  interleave(inputs.map((t) => bits(backend, t)), inputs.map(() => inner), outer, bits(backend, out));
  return out;
}

/** SplitV (the gradient of Concat): the backend slices once per piece through its own Slice, which
 *  copies the whole input out of the heap each time; here each piece's runs are copied directly. */
export function splitVWasm(args: { inputs: { x: TensorInfo }; backend: Backend; attrs: { numOrSizeSplits: number | number[]; axis: number } }): TensorInfo[] {
  const { backend } = args;
  const { x } = args.inputs;
  if (x.dtype === 'string') return wasmKernel('SplitV')(args as any) as unknown as TensorInfo[];
  const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as any, args.attrs.numOrSizeSplits, axis) as number[];
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const rowInner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const total = x.shape[axis] * rowInner;
  const simd = runs(backend, x);
  let off = 0;
  return sizes.map((s) => {
    const shape = x.shape.slice();
    shape[axis] = s;
    const out = backend.makeOutput(shape, x.dtype) as TensorInfo;
    const inner = s * rowInner;
    if (outer * inner > 0) {
      if (simd) simd.copy_runs(ptr(backend, x) + 4 * off, ptr(backend, out), outer, inner, total, inner);
      else {
        const begin = x.shape.map((_, d) => (d === axis ? off / rowInner : 0));
        copyBox(bits(backend, x), x.shape, begin, shape, bits(backend, out));
      }
    }
    off += inner;
    return out;
  });
}
