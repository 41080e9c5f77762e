// Seeded pseudo-random numbers (mulberry32): the run's seed fixes batch order and strategies' draws.
import { mulberry32 } from '../../../shared/random.js';

export type Random = () => number;

export function createRandom(seed: number): Random {
  return mulberry32(Math.floor(seed) ^ 0x9e3779b9);
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: any }>(arr: T, random: Random): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/** An independent stream derived from a seed and a label (so adding draws in one place does not shift another). */
export function deriveRandom(seed: number, label: string): Random {
  let h = 2166136261;
  for (const ch of `${seed}:${label}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return createRandom(h >>> 0);
}
