// Every catalog kind builds, and the shapes tfjs gives each node's outputs are the validator's.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../../shared/catalog/index.js';
import { validateDesign } from '../../../shared/validate.js';
import { buildModel, getBuilder } from '../../../electron/engine/model/index.js';
import { CASES } from './cases.js';
import { rawBatch, tensors } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model builder: shapes per kind', () => {
  it('has a builder and a test case for every catalog kind', () => {
    const kinds = Object.keys(CATALOG);
    expect(kinds.length).toBeGreaterThanOrEqual(25);
    expect(kinds.filter((k) => !getBuilder(k))).toEqual([]);
    expect(kinds.filter((k) => !CASES[k])).toEqual([]);
  });

  for (const kind of Object.keys(CASES)) {
    it(`${kind}: every node's output shapes and the parameter count equal the validator's`, () => {
      const c = CASES[kind]();
      const v = validateDesign(c.design, c.datasets);
      expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const before = tf.memory().numTensors;
      const m = buildModel(tf, c.design, c.datasets, { seed: 1 });
      expect(c.design.nodes.find((n) => n.id === c.node)?.kind).toBe(kind);
      for (const route of m.routes) {
        const shapes = m.nodeShapes[route.dataset];
        expect(shapes[c.node]).toBeDefined();
        for (const [id, ports] of Object.entries(shapes)) expect(ports, id).toEqual(v.nodes[id].outputShapes);
        // The tensors a real forward pass produces have those shapes too (batch of 3 first).
        const ds = c.datasets.find((d) => d.id === route.dataset)!;
        tf.tidy(() => {
          const batch = tensors(tf, rawBatch(ds, 3, 7));
          const got = m.probe(route.dataset, batch, Object.keys(shapes), true);
          for (const [id, ports] of Object.entries(got)) {
            for (const [port, t] of Object.entries(ports)) expect(t.shape, `${id}:${port}`).toEqual([3, ...v.nodes[id].outputShapes[port]]);
          }
          const heads = m.forward(route.dataset, batch, false);
          for (const key of route.heads) {
            const h = m.heads.find((x) => x.key === key)!;
            expect(heads[key].shape).toEqual([3, h.units]);
            expect(Array.from(heads[key].dataSync()).every(Number.isFinite)).toBe(true);
          }
        });
      }
      expect(m.countParams()).toBe(v.totals.params);
      m.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
