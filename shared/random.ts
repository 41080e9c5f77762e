// mulberry32: a small seeded generator, the one every seeded draw in the project uses (batch order,
// strategies' draws, random sweeps, the bench's rows), so that a seed means the same everywhere.

/** A generator of uniform numbers in [0, 1) from a 32-bit state. */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
