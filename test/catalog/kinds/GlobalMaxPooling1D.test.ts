import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('GlobalMaxPooling1D', () => {
  it('[40, 64] → [64], no macs', () => {
    const r = infer('GlobalMaxPooling1D', {}, [[[40, 64]]]);
    expect(r.outputs).toEqual({ out: [64] });
    expect(r.macs).toBe(0);
  });
  it('needs a sequence', () => {
    expect(infer('GlobalMaxPooling1D', {}, [[[64]]]).error).toMatch(/needs a sequence/);
  });
});
