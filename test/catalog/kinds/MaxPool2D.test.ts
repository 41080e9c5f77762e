import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('MaxPool2D', () => {
  it('halves 24×24 (stride defaults to the pool size), no weights, no macs', () => {
    const r = infer('MaxPool2D', { poolSize: 2 }, [[[24, 24, 10]]]);
    expect(r.outputs).toEqual({ out: [12, 12, 10] });
    expect(r.params).toBe(0);
    expect(r.macs).toBe(0);
  });
  it('valid floors, same ceils', () => {
    expect(infer('MaxPool2D', { poolSize: 2 }, [[[7, 7, 1]]]).outputs).toEqual({ out: [3, 3, 1] });
    expect(infer('MaxPool2D', { poolSize: 2, padding: 'same' }, [[[7, 7, 1]]]).outputs).toEqual({ out: [4, 4, 1] });
    expect(infer('MaxPool2D', { poolSize: 3, strides: 1 }, [[[5, 5, 2]]]).outputs).toEqual({ out: [3, 3, 2] });
  });
  it('needs an image', () => {
    expect(infer('MaxPool2D', {}, [[[50]]]).error).toMatch(/needs an image .* gets \[50\]/);
  });
});
