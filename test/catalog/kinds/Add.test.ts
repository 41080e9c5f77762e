import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Add', () => {
  it('[50] + [50] + [50] → [50], 100 adds', () => {
    const r = infer('Add', {}, [[[50], [50], [50]]]);
    expect(r.outputs).toEqual({ out: [50] });
    expect(r.macs).toBe(100);
  });
  it('refuses different shapes', () => {
    expect(infer('Add', {}, [[[50], [40]]]).error).toBe('gets [50], [40], which differ: all operands must have the same shape');
  });
});
