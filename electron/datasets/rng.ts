// A small seeded random number generator (sfc32 seeded through splitmix32), so that every
// construction (splits, partners, synthetic data) is reproducible from one integer seed.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** `stream` derives independent generators from one seed (e.g. one for splits, one for partners). */
export function createRng(seed: number, stream = 0): Rng {
  const init = splitmix32((Math.floor(seed) ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
  let a = init(), b = init(), c = init(), d = init();
  const u32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  let spare: number | null = null;
  const next = () => u32() / 4294967296;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) { const s = spare; spare = null; return s; }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}
