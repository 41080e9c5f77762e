import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Reshape', () => {
  it('[784] → [28, 28, 1], and -1 is inferred', () => {
    expect(infer('Reshape', { targetShape: [28, 28, 1] }, [[[784]]]).outputs).toEqual({ out: [28, 28, 1] });
    expect(infer('Reshape', { targetShape: [-1, 4] }, [[[4, 4, 2]]]).outputs).toEqual({ out: [8, 4] });
  });
  it('says when sizes do not match', () => {
    expect(infer('Reshape', { targetShape: [10, 10] }, [[[784]]]).error).toMatch(/cannot reshape \[784\] \(784 values\) to \[10, 10\] \(100 values\)/);
    expect(infer('Reshape', { targetShape: [-1, 5] }, [[[12]]]).error).toMatch(/not a multiple of 5/);
  });
  it('names bad target shapes', () => {
    expect(infer('Reshape', { targetShape: [-1, -1] }, [[[4]]]).error).toMatch(/targetShape may contain -1 only once/);
    expect(infer('Reshape', { targetShape: [] }, [[[4]]]).error).toMatch(/targetShape needs at least 1 number/);
  });
});
