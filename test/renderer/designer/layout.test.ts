// Auto-layout: top to bottom in data-flow order, on the grid, heads of a block in its port order.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../../shared/design.js';
import { GRID, layoutDesign } from '../../../renderer/designer/layout.js';

describe('layoutDesign', () => {
  it('places every node below the nodes feeding it, snapped to the grid, and a block’s heads in port order', () => {
    const d: Design = {
      version: 1,
      name: 'mmoe',
      nodes: [
        { id: 'head_b', kind: 'TaskHead', params: {}, position: { x: 0, y: 0 } },
        { id: 'head_a', kind: 'TaskHead', params: {}, position: { x: 0, y: 0 } },
        { id: 'mmoe', kind: 'MMoE', params: { numTasks: 2 }, position: { x: 0, y: 0 } },
        { id: 'input', kind: 'Input', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'input', sourcePort: 'out', target: 'mmoe', targetPort: 'in' },
        { id: 'e2', source: 'mmoe', sourcePort: 'task1', target: 'head_b', targetPort: 'in' },
        { id: 'e3', source: 'mmoe', sourcePort: 'task0', target: 'head_a', targetPort: 'in' },
      ],
    };
    const pos = layoutDesign(d);
    expect(pos.input.y).toBeLessThan(pos.mmoe.y);
    expect(pos.mmoe.y).toBeLessThan(pos.head_a.y);
    expect(pos.head_a.y).toBe(pos.head_b.y);
    expect(pos.head_a.x).toBeLessThan(pos.head_b.x); // task0's head on the left
    for (const p of Object.values(pos)) {
      expect(Math.abs(p.x % GRID)).toBe(0);
      expect(Math.abs(p.y % GRID)).toBe(0);
    }
  });
});
