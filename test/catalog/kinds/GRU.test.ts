import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('GRU', () => {
  it('[40, 32] → 16 units: 3·(16·(32+16)+16) = 2352 params (reset before, as tfjs)', () => {
    const r = infer('GRU', { units: 16 }, [[[40, 32]]]);
    expect(r.outputs).toEqual({ out: [16] });
    expect(r.params).toBe(2352);
    expect(r.macs).toBe(40 * 3 * 16 * 48);
  });
  it('returns sequences', () => {
    expect(infer('GRU', { units: 8, returnSequences: true }, [[[10, 4]]]).outputs).toEqual({ out: [10, 8] });
  });
});
