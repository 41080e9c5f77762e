// The loop and the gradient strategies on every template's architecture (custom MTL layers, batch norm,
// dropout): a few steps each, checking that per-task gradients flow and the run completes.
import { describe, expect, it } from 'vitest';
import { buildTemplate, listTemplates } from '../../../shared/templates/index.js';
import type { Design } from '../../../shared/design.js';
import { config, runTraining, tinyDataset } from './helpers.js';

const ds = tinyDataset({ rows: 200, tasks: ['left', 'right', 'value'] });

function withNormAndDropout(): Design {
  const d = buildTemplate('hps', [ds.info]);
  // insert BatchNormalization and Dropout after the first shared layer
  const first = d.edges.find((e) => d.nodes.find((n) => n.id === e.source)?.kind === 'Input')!;
  const target = first.target;
  const out = d.edges.filter((e) => e.source === target);
  d.nodes.push({ id: 'bn', kind: 'BatchNormalization', params: {}, position: { x: 0, y: 0 } }, { id: 'drop', kind: 'Dropout', params: { rate: 0.2 }, position: { x: 0, y: 0 } });
  for (const e of out) e.source = 'drop';
  d.edges.push({ id: 'x1', source: target, sourcePort: 'out', target: 'bn', targetPort: 'in' }, { id: 'x2', source: 'bn', sourcePort: 'out', target: 'drop', targetPort: 'in' });
  return d;
}

const designs: [string, () => Design][] = [
  ...listTemplates().filter((t) => t.name !== 'single-task').map((t) => [t.name, () => buildTemplate(t.name, [ds.info])] as [string, () => Design]),
  ['hps + batch norm + dropout', withNormAndDropout],
];

describe('architectures × strategies', () => {
  for (const [name, design] of designs) {
    it(`${name}: trains with ew and with mgda (per-task gradients on the shared weights)`, async () => {
      for (const weighting of ['ew', 'mgda']) {
        const cfg = config({ design: design(), epochs: 2, maxStepsPerEpoch: 4, weighting: { name: weighting, params: {} } });
        const run = await runTraining(cfg, [ds]);
        expect(run.result.status, `${weighting}: ${run.result.error}`).toBe('completed');
        expect(run.result.steps).toBe(8);
        for (const task of ['left', 'right', 'value']) expect(run.last('test', task, 'loss'), `${weighting} ${task}`).toBeDefined();
        expect(run.last('diagnostics', 'left|right', 'grad_cos'), weighting).toBeDefined();
      }
    });
  }
  it('same seed, same result with dropout (seeded) under a gradient strategy', async () => {
    const cfg = () => config({ design: withNormAndDropout(), epochs: 1, maxStepsPerEpoch: 5, weighting: { name: 'pcgrad', params: {} } });
    const a = (await runTraining(cfg(), [ds])).rows.filter((r) => r.split === 'test').map((r) => r.value);
    const b = (await runTraining(cfg(), [ds])).rows.filter((r) => r.split === 'test').map((r) => r.value);
    expect(b).toEqual(a);
  });
});
