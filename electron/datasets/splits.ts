// Seeded train/validation/test splits.
import { createRng, permutation } from './rng.js';

export interface Splits {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface SplitFractions {
  validation?: number;
  test?: number;
}

export const DEFAULT_VALIDATION = 0.1;
export const DEFAULT_TEST = 0.1;

function sorted(a: Int32Array): Int32Array {
  return a.sort();
}

function counts(n: number, validation: number, test: number): { nVal: number; nTest: number } {
  let nTest = Math.round(n * test);
  let nVal = Math.round(n * validation);
  // Keep at least one training row.
  while (n > 0 && n - nTest - nVal < 1) {
    if (nVal >= nTest && nVal > 0) nVal--;
    else if (nTest > 0) nTest--;
    else break;
  }
  return { nVal, nTest };
}

/** Rows 0..n-1 split at random (seeded); each split's indices in ascending order. */
export function randomSplits(n: number, seed: number, f: SplitFractions = {}): Splits {
  const { nVal, nTest } = counts(n, f.validation ?? DEFAULT_VALIDATION, f.test ?? DEFAULT_TEST);
  const p = permutation(n, createRng(seed, 101));
  return {
    test: sorted(p.slice(0, nTest)),
    validation: sorted(p.slice(nTest, nTest + nVal)),
    train: sorted(p.slice(nTest + nVal)),
  };
}

/**
 * An official train/test split kept as is: rows 0..trainCount-1 are the official training rows
 * (a seeded fraction of them becomes validation), rows trainCount..n-1 the official test rows.
 */
export function officialSplits(trainCount: number, n: number, seed: number, validation = DEFAULT_VALIDATION): Splits {
  const { nVal } = counts(trainCount, validation, 0);
  const p = permutation(trainCount, createRng(seed, 102));
  const test = new Int32Array(n - trainCount);
  for (let i = 0; i < test.length; i++) test[i] = trainCount + i;
  return { train: sorted(p.slice(nVal)), validation: sorted(p.slice(0, nVal)), test };
}

export function splitSizes(s: Splits): { train: number; validation: number; test: number } {
  return { train: s.train.length, validation: s.validation.length, test: s.test.length };
}
