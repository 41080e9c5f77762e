import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('AvgPool2D', () => {
  it('2×2 over [24, 24, 10]: [12, 12, 10], one add per window element', () => {
    const r = infer('AvgPool2D', { poolSize: 2 }, [[[24, 24, 10]]]);
    expect(r.outputs).toEqual({ out: [12, 12, 10] });
    expect(r.params).toBe(0);
    expect(r.macs).toBe(12 * 12 * 10 * 4);
  });
  it('refuses a window larger than the image', () => {
    expect(infer('AvgPool2D', { poolSize: 4 }, [[[2, 2, 1]]]).error).toMatch(/smaller than its 4×4 window/);
  });
});
