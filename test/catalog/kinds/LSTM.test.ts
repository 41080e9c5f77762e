import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('LSTM', () => {
  it('[40, 32] → 16 units: 4·(16·(32+16)+16) = 3136 params', () => {
    const r = infer('LSTM', { units: 16 }, [[[40, 32]]]);
    expect(r.outputs).toEqual({ out: [16] });
    expect(r.params).toBe(3136);
    expect(r.macs).toBe(40 * 4 * 16 * 48);
  });
  it('returns sequences', () => {
    expect(infer('LSTM', { units: 16, returnSequences: true }, [[[40, 32]]]).outputs).toEqual({ out: [40, 16] });
  });
  it('needs a sequence', () => {
    expect(infer('LSTM', {}, [[[40]]]).error).toMatch(/needs a sequence/);
  });
});
