// UnsortedSegmentSum for wasm, which has none: it is the gradient of Gather, so an Embedding
// layer cannot train on wasm without it. One pass over the rows on the wasm heap.
import type { Backend, TensorInfo } from './wasm-util.js';
import { heapF32 } from './wasm-util.js';

export function unsortedSegmentSumWasm(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  attrs: { numSegments: number };
  backend: Backend;
}): TensorInfo {
  const { x, segmentIds } = args.inputs;
  const { numSegments } = args.attrs;
  const backend = args.backend;
  if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum on wasm: float32 only, got ${x.dtype}`);
  const idsRank = segmentIds.shape.length;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(idsRank).reduce((a, b) => a * b, 1);
  const outShape = [numSegments, ...x.shape.slice(idsRank)];
  const ids = backend.readSync(segmentIds.dataId) as Int32Array | Float32Array;
  const out = backend.makeOutput(outShape, 'float32') as TensorInfo;
  const dst = heapF32(backend, out);
  dst.fill(0);
  const src = heapF32(backend, x); // read after makeOutput: the heap may have grown
  for (let r = 0; r < rows; r++) {
    const seg = ids[r];
    if (seg < 0 || seg >= numSegments) continue; // as tf: out-of-range ids are dropped
    const so = r * inner;
    const d = seg * inner;
    for (let i = 0; i < inner; i++) dst[d + i] += src[so + i];
  }
  return out;
}
