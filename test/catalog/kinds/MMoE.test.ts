import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('MMoE', () => {
  it('one output port per task', () => {
    expect(getKind('MMoE')!.ports({ numTasks: 3 })).toEqual({ inputs: [{ name: 'in', multiple: false }], outputs: ['task0', 'task1', 'task2'] });
  });
  it('320 in, 4 experts of 50, 2 tasks', () => {
    const r = infer('MMoE', { numTasks: 2, numExperts: 4, expertUnits: 50 }, [[[320]]]);
    expect(r.outputs).toEqual({ task0: [50], task1: [50] });
    // experts 4·(320·50+50), gates 2·(320·4+4)
    expect(r.params).toBe(4 * 16050 + 2 * 1284);
    // experts 4·320·50, gates 2·320·4, mixing 2·4·50
    expect(r.macs).toBe(64000 + 2560 + 400);
  });
  it('needs a flat input', () => {
    expect(infer('MMoE', {}, [[[4, 4, 20]]]).error).toMatch(/needs a flat input .* add a Flatten/);
  });
});
