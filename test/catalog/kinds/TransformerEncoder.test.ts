import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('TransformerEncoder', () => {
  it('[6, 8] → [6, 8]; attention + two layer norms + feed-forward 8 → 32 → 8', () => {
    const r = infer('TransformerEncoder', { numHeads: 2, keyDim: 4, ffUnits: 32 }, [[[6, 8]]]);
    expect(r.outputs).toEqual({ out: [6, 8] });
    const attention = 2 * (8 * 8 + 8) + 8 * 8 + 8 * 8 + 8;
    expect(r.params).toBe(attention + 2 * 2 * 8 + (8 * 32 + 32) + (32 * 8 + 8));
    const attentionMacs = 4 * 6 * 8 * 8 + 2 * 2 * 36 * 4;
    expect(r.macs).toBe(attentionMacs + 8 * 6 * 8 + 2 * 6 * 8 * 32);
  });
  it('pre- or post-norm only; a sequence in', () => {
    expect(infer('TransformerEncoder', { norm: 'sandwich' }, [[[6, 8]]]).error).toMatch(/norm/);
    expect(infer('TransformerEncoder', {}, [[[6, 8, 1]]]).error).toMatch(/needs a sequence/);
  });
});
