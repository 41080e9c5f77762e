import { describe, expect, it } from 'vitest';
import { validateDesign } from '../../shared/validate.js';
import { multiImage } from '../catalog/helpers.js';
import { multiLeNet } from './build.js';

describe('validateDesign: shapes, params and costs', () => {
  const r = validateDesign(multiLeNet(), [multiImage]);

  it('accepts MultiLeNet with no problems', () => {
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("infers every node's output shape", () => {
    const shape = (id: string) => r.nodes[id].outputShapes;
    expect(shape('in')).toEqual({ out: [28, 28, 1] });
    expect(shape('conv1')).toEqual({ out: [24, 24, 10] });
    expect(shape('pool1')).toEqual({ out: [12, 12, 10] });
    expect(shape('conv2')).toEqual({ out: [8, 8, 20] });
    expect(shape('relu2')).toEqual({ out: [4, 4, 20] });
    expect(shape('flat')).toEqual({ out: [320] });
    expect(shape('fc')).toEqual({ out: [50] });
    expect(shape('left')).toEqual({ out: [10] });
  });

  it("gives each edge the shape flowing on it", () => {
    expect(r.edgeShapes.e_in).toEqual([28, 28, 1]);
    expect(r.edgeShapes.e_c1).toEqual([24, 24, 10]);
    expect(r.edgeShapes.e_flat).toEqual([4, 4, 20]);
    expect(r.edgeShapes.e_fc).toEqual([320]);
  });

  it('counts params and macs per node and in total (hand-computed)', () => {
    expect(r.nodes.conv1).toMatchObject({ params: 260, macs: 24 * 24 * 10 * 25 });
    expect(r.nodes.conv2).toMatchObject({ params: 5020, macs: 8 * 8 * 20 * 250 });
    expect(r.nodes.fc).toMatchObject({ params: 16050, macs: 16000 });
    expect(r.nodes.left).toMatchObject({ params: 3060, macs: 3000 });
    expect(r.totals.params).toBe(260 + 5020 + 16050 + 2 * 3060);
    expect(r.totals.macs).toBe(144000 + 320000 + 16000 + 2 * 3000);
  });
});
