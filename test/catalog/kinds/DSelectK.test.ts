import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('DSelectK', () => {
  it('one output port per task', () => {
    expect(getKind('DSelectK')!.ports({ numTasks: 3 })).toEqual({ inputs: [{ name: 'in', multiple: false }], outputs: ['task0', 'task1', 'task2'] });
  });
  it('320 in, 4 experts of 50, k = 2, 2 tasks: m = 2 code bits', () => {
    const r = infer('DSelectK', { numTasks: 2, numExperts: 4, k: 2, expertUnits: 50 }, [[[320]]]);
    expect(r.outputs).toEqual({ task0: [50], task1: [50] });
    // experts 4·(320·50+50); per task: selectors 320·(2·2)+4, mix 320·2+2
    expect(r.params).toBe(4 * 16050 + 2 * (1280 + 4 + 640 + 2));
    // experts 4·320·50; per task: 1280 + 640 (Dense) + 2·4·2 (code products) + 2·4 (mix) + 4·50 (sum)
    expect(r.macs).toBe(64000 + 2 * (1280 + 640 + 16 + 8 + 200));
  });
  it('5 experts need 3 code bits; a flat input; γ above 0', () => {
    expect(infer('DSelectK', { numTasks: 1, numExperts: 5, k: 1, expertUnits: 2 }, [[[3]]]).params).toBe(5 * (3 * 2 + 2) + (3 * 3 + 3 + 3 + 1));
    expect(infer('DSelectK', {}, [[[4, 4, 20]]]).error).toMatch(/needs a flat input .* add a Flatten/);
    expect(infer('DSelectK', { gamma: 0 }, [[[8]]]).error).toMatch(/gamma/);
  });
});
