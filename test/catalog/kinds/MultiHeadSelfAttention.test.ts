import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('MultiHeadSelfAttention', () => {
  it('[10, 16] → [10, 16]; weights and multiply-adds of q, k, v, output projections and the two attention products', () => {
    const r = infer('MultiHeadSelfAttention', { numHeads: 2, keyDim: 4 }, [[[10, 16]]]);
    expect(r.outputs).toEqual({ out: [10, 16] });
    // q and v: 16×8 + 8 each; k: 16×8 (no bias: the softmax cancels it); output: 8×16 + 16
    expect(r.params).toBe(2 * (16 * 8 + 8) + 16 * 8 + 8 * 16 + 16);
    // projections 4·L·d·h·k = 4·10·16·8; QKᵀ and AV: 2·h·L²·k = 2·2·100·4
    expect(r.macs).toBe(4 * 10 * 16 * 8 + 2 * 2 * 100 * 4);
  });
  it('needs a sequence [length, features]', () => {
    expect(infer('MultiHeadSelfAttention', {}, [[[16]]]).error).toMatch(/needs a sequence/);
    expect(infer('MultiHeadSelfAttention', { numHeads: 0 }, [[[4, 4]]]).error).toMatch(/numHeads/);
  });
});
