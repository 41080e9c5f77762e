import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('GlobalAveragePooling1D', () => {
  it('[40, 64] → [64], 2560 adds', () => {
    const r = infer('GlobalAveragePooling1D', {}, [[[40, 64]]]);
    expect(r.outputs).toEqual({ out: [64] });
    expect(r.macs).toBe(2560);
  });
  it('needs a sequence', () => {
    expect(infer('GlobalAveragePooling1D', {}, [[[4, 4, 4]]]).error).toMatch(/needs a sequence/);
  });
});
