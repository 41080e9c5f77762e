import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('GlobalAveragePooling2D', () => {
  it('[4, 4, 20] → [20], 320 adds', () => {
    const r = infer('GlobalAveragePooling2D', {}, [[[4, 4, 20]]]);
    expect(r.outputs).toEqual({ out: [20] });
    expect(r.macs).toBe(320);
  });
  it('needs an image', () => {
    expect(infer('GlobalAveragePooling2D', {}, [[[20]]]).error).toMatch(/needs an image/);
  });
});
