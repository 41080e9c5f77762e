import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Dense', () => {
  it('320 → 50: 16050 params, 16000 macs', () => {
    const r = infer('Dense', { units: 50 }, [[[320]]]);
    expect(r.outputs).toEqual({ out: [50] });
    expect(r.params).toBe(320 * 50 + 50);
    expect(r.macs).toBe(320 * 50);
  });
  it('without bias', () => {
    expect(infer('Dense', { units: 3, useBias: false }, [[[4]]]).params).toBe(12);
  });
  it('asks for a Flatten on an image', () => {
    expect(infer('Dense', {}, [[[28, 28, 1]]]).error).toBe('needs a flat input but gets [28, 28, 1]: add a Flatten before it');
  });
  it('names a bad param', () => {
    expect(infer('Dense', { units: 2.5 }, [[[4]]]).error).toMatch(/units must be a whole number \(got 2\.5\)/);
    expect(infer('Dense', { activation: 'swish' }, [[[4]]]).error).toMatch(/activation must be one of linear, relu/);
  });
});
