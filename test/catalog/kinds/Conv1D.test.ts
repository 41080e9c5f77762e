import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Conv1D', () => {
  it('[40, 32], 64 filters k3 same: [40, 64], 6208 params', () => {
    const r = infer('Conv1D', { filters: 64, kernelSize: 3, padding: 'same' }, [[[40, 32]]]);
    expect(r.outputs).toEqual({ out: [40, 64] });
    expect(r.params).toBe(3 * 32 * 64 + 64);
    expect(r.macs).toBe(40 * 64 * 3 * 32);
  });
  it('valid padding with stride 2', () => {
    expect(infer('Conv1D', { filters: 8, kernelSize: 5, strides: 2 }, [[[40, 4]]]).outputs).toEqual({ out: [18, 8] });
  });
  it('needs a sequence', () => {
    expect(infer('Conv1D', {}, [[[40]]]).error).toMatch(/needs a sequence \[length, channels\] but gets \[40\]: put an Embedding/);
  });
});
