// MultiMNIST as Sener & Koltun (2018) build it: on a 36×36 canvas the first image at the top left
// (rows/cols 0..27), its partner at offset (6, 6), overlapping pixels take the maximum, and the
// canvas is resized to 28×28 by nearest neighbour (PIL's rule: source = floor((i + 0.5) · 36 / 28)).
import type { BuiltDataset, BuiltExtra } from './sources/types.js';
import { IMAGE_SIZE, type ImageSet, selectRows } from './realdata.js';
import { createRng } from './rng.js';
import { officialSplits, DEFAULT_VALIDATION } from './splits.js';

export const CANVAS = 36;
export const OFFSET = 6;

/** For each output row/col (0..27), the canvas row/col it samples. */
export const NEAREST: Int32Array = (() => {
  const m = new Int32Array(IMAGE_SIZE);
  // floor((2i + 1) · 36 / (2 · 28)) in integers, so that no rounding error can move a pixel.
  for (let i = 0; i < IMAGE_SIZE; i++) m[i] = Math.min(CANVAS - 1, Math.floor(((2 * i + 1) * CANVAS) / (2 * IMAGE_SIZE)));
  return m;
})();

/**
 * Overlays `right` on `left` (both 28×28 bytes, row-major) and writes the 28×28 result into `out` at
 * `outOffset`. `leftOffset` / `rightOffset` index into their arrays.
 */
export function overlayPair(
  left: Uint8Array, leftOffset: number,
  right: Uint8Array, rightOffset: number,
  out: Uint8Array, outOffset: number,
): void {
  const s = IMAGE_SIZE;
  for (let y = 0; y < s; y++) {
    const cy = NEAREST[y];
    for (let x = 0; x < s; x++) {
      const cx = NEAREST[x];
      let v = 0;
      if (cy < s && cx < s) v = left[leftOffset + cy * s + cx];
      const ry = cy - OFFSET, rx = cx - OFFSET;
      if (ry >= 0 && rx >= 0 && ry < s && rx < s) {
        const w = right[rightOffset + ry * s + rx];
        if (w > v) v = w;
      }
      out[outOffset + y * s + x] = v;
    }
  }
}

export interface MultiOptions {
  limit?: number;
  validation?: number;
}

/**
 * Gives each selected image of `leftSet` a random partner from `rightSet`, drawn from the same
 * official split (training images pair with training images, test with test).
 */
export function buildMulti(
  leftSet: ImageSet, rightSet: ImageSet, seed: number, opts: MultiOptions,
  names: { name: string; origin: Record<string, string> },
): BuiltDataset {
  const { train, test } = selectRows(leftSet, opts.limit, seed);
  const rows = train.length + test.length;
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const images = new Uint8Array(rows * px);
  const left = new Float32Array(rows);
  const right = new Float32Array(rows);
  const leftSource = new Int32Array(rows);
  const rightSource = new Int32Array(rows);
  const rng = createRng(seed, 21);
  const rTrain = rightSet.trainCount;
  const rTest = rightSet.count - rightSet.trainCount;
  for (let i = 0; i < rows; i++) {
    const isTest = i >= train.length;
    const li = isTest ? test[i - train.length] : train[i];
    const ri = isTest && rTest > 0 ? rTrain + rng.int(rTest) : rng.int(rTrain);
    overlayPair(leftSet.images, li * px, rightSet.images, ri * px, images, i * px);
    left[i] = leftSet.labels[li];
    right[i] = rightSet.labels[ri];
    leftSource[i] = li;
    rightSource[i] = ri;
  }
  const validation = opts.validation ?? DEFAULT_VALIDATION;
  const extras: BuiltExtra[] = [
    { name: 'left-source', data: leftSource },
    { name: 'right-source', data: rightSource },
  ];
  return {
    name: names.name,
    options: { limit: opts.limit ?? null, validation },
    rows,
    features: [{ spec: { name: 'image', kind: 'image', shape: [IMAGE_SIZE, IMAGE_SIZE, 1] }, dtype: 'u8', data: images }],
    tasks: [
      { name: 'left', kind: 'multiclass', classes: [...leftSet.classes] },
      { name: 'right', kind: 'multiclass', classes: [...rightSet.classes] },
    ],
    labels: [left, right],
    splits: officialSplits(train.length, rows, seed, validation),
    meta: {
      construction: 'Sener & Koltun 2018: 36×36 canvas, first image at (0,0), partner at (6,6), pixel maximum, nearest-neighbour resize to 28×28; partner drawn uniformly from the same official split',
      origin: names.origin,
      officialTestSplit: leftSet.officialSplit,
      extras: 'extra-left-source / extra-right-source: the index of each row\'s two images in their source sets (official training rows first)',
    },
    extras,
  };
}

/** A single-task image dataset (one image feature named `image`, one task). */
export function buildSingle(set: ImageSet, seed: number, opts: MultiOptions, task: string, name: string): BuiltDataset {
  const { train, test } = selectRows(set, opts.limit, seed);
  const rows = train.length + test.length;
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const images = new Uint8Array(rows * px);
  const labels = new Float32Array(rows);
  const source = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const si = i < train.length ? train[i] : test[i - train.length];
    images.set(set.images.subarray(si * px, si * px + px), i * px);
    labels[i] = set.labels[si];
    source[i] = si;
  }
  const validation = opts.validation ?? DEFAULT_VALIDATION;
  return {
    name,
    options: { limit: opts.limit ?? null, validation },
    rows,
    features: [{ spec: { name: 'image', kind: 'image', shape: [IMAGE_SIZE, IMAGE_SIZE, 1] }, dtype: 'u8', data: images }],
    tasks: [{ name: task, kind: 'multiclass', classes: [...set.classes] }],
    labels: [labels],
    splits: officialSplits(train.length, rows, seed, validation),
    meta: { origin: set.origin, officialTestSplit: set.officialSplit },
    extras: [{ name: 'source', data: source }],
  };
}
