import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Conv2D', () => {
  it('1→10 channels, k5 valid on 28×28: [24, 24, 10], 260 params, 24·24·10·25 macs', () => {
    const r = infer('Conv2D', { filters: 10, kernelSize: 5, padding: 'valid' }, [[[28, 28, 1]]]);
    expect(r.outputs).toEqual({ out: [24, 24, 10] });
    expect(r.params).toBe(5 * 5 * 1 * 10 + 10);
    expect(r.macs).toBe(24 * 24 * 10 * 25);
  });
  it('10→20 channels, k5 on 12×12: [8, 8, 20], 5020 params', () => {
    const r = infer('Conv2D', { filters: 20, kernelSize: 5 }, [[[12, 12, 10]]]);
    expect(r.outputs).toEqual({ out: [8, 8, 20] });
    expect(r.params).toBe(25 * 10 * 20 + 20);
    expect(r.macs).toBe(8 * 8 * 20 * 25 * 10);
  });
  it("same padding with stride 2 gives ceil(input / 2)", () => {
    const r = infer('Conv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }, [[[7, 9, 3]]]);
    expect(r.outputs).toEqual({ out: [4, 5, 4] });
    expect(r.params).toBe(3 * 3 * 3 * 4);
  });
  it('refuses a flat input and says what to do', () => {
    const r = infer('Conv2D', {}, [[[784]]]);
    expect(r.error).toMatch(/needs an image .* but gets \[784\]/);
  });
  it('refuses a kernel larger than the image', () => {
    expect(infer('Conv2D', { kernelSize: 5 }, [[[3, 3, 1]]]).error).toMatch(/too small/);
  });
  it('names the bad param', () => {
    expect(infer('Conv2D', { kernelSize: 0 }, [[[8, 8, 1]]]).error).toMatch(/kernelSize must be between 1 and 64 \(got 0\)/);
  });
});
