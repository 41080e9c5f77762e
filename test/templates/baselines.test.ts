// Single-task baselines: per head, the path that head's forward pass uses, with blocks reduced to one task.
import { describe, expect, it } from 'vitest';
import { singleTaskDesigns } from '../../shared/baselines.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { buildTemplate, TEMPLATES } from '../../shared/templates/index.js';
import { validateDesign } from '../../shared/validate.js';
import { fashion, mnist, multiImage, tabular, textSet } from '../catalog/helpers.js';

const SETS: [string, DatasetInfo[]][] = [
  ['images', [multiImage]],
  ['tabular', [tabular]],
  ['mnist + fashion', [mnist, fashion]],
  ['image + text', [mnist, textSet]],
  ['tabular + text', [tabular, textSet]],
];

describe('singleTaskDesigns', () => {
  for (const [label, ds] of SETS) {
    for (const name of Object.keys(TEMPLATES)) {
      it(`${name} on ${label}: one valid design per head`, () => {
        const mtl = buildTemplate(name, ds);
        const heads = mtl.nodes.filter((n) => n.kind === 'TaskHead');
        const stl = singleTaskDesigns(mtl, ds);
        expect(stl.map((s) => [s.dataset, s.task])).toEqual(heads.map((h) => [h.params.dataset, h.params.task]));
        for (const s of stl) {
          expect(validateDesign(s.design, ds).problems).toEqual([]);
          const sheads = s.design.nodes.filter((n) => n.kind === 'TaskHead');
          expect(sheads.map((h) => h.params.task)).toEqual([s.task]);
        }
      });
    }
  }

  it('hps on images: each baseline is MultiLeNet with one head', () => {
    const [left, right] = singleTaskDesigns(buildTemplate('hps', [multiImage]), [multiImage]);
    expect(left.task).toBe('left');
    expect(right.task).toBe('right');
    expect(left.design.nodes).toHaveLength(10);
    expect(validateDesign(left.design, [multiImage]).totals.params).toBe(260 + 5020 + 16050 + 3060);
  });

  it('an MMoE keeps numTasks 1 and that task port', () => {
    const mtl = buildTemplate('mmoe', [tabular, textSet]);
    const second = singleTaskDesigns(mtl, [tabular, textSet])[1];
    const block = second.design.nodes.find((n) => n.kind === 'MMoE')!;
    expect(block.params.numTasks).toBe(1);
    expect(block.params.numExperts).toBe(4);
    const out = second.design.edges.filter((e) => e.source === block.id);
    expect(out).toEqual([expect.objectContaining({ sourcePort: 'task0', target: 'head_tab_price' })]);
  });

  it('a cross-stitch network keeps only its column, each unit reduced to 1 task', () => {
    const [, right] = singleTaskDesigns(buildTemplate('cross-stitch', [multiImage]), [multiImage]);
    const ids = right.design.nodes.map((n) => n.id);
    expect(ids.filter((id) => id.startsWith('t0_'))).toEqual([]);
    expect(ids.filter((id) => id.startsWith('t1_')).length).toBeGreaterThan(0);
    for (const s of right.design.nodes.filter((n) => n.kind === 'CrossStitch')) expect(s.params.numTasks).toBe(1);
    expect(right.design.edges.filter((e) => e.target.startsWith('stitch')).map((e) => e.targetPort)).toEqual(['in0', 'in0', 'in0']);
  });

  it("a multi-input design's baseline keeps only that dataset's branch", () => {
    const [digit, sentiment] = singleTaskDesigns(buildTemplate('hps', [mnist, textSet]), [mnist, textSet]);
    expect(digit.design.nodes.some((n) => n.id.startsWith('reviews_'))).toBe(false);
    expect(sentiment.design.nodes.some((n) => n.id.startsWith('mnist_'))).toBe(false);
    expect(sentiment.design.nodes.find((n) => n.id === 'shared_fc')).toBeTruthy();
    // valid with only its own dataset chosen
    expect(validateDesign(sentiment.design, [textSet]).problems).toEqual([]);
  });

  it('sets the loss weight to 1 and leaves the MTL design untouched', () => {
    const mtl = buildTemplate('hps', [multiImage]);
    mtl.nodes.find((n) => n.kind === 'TaskHead')!.params.lossWeight = 0.3;
    const before = JSON.stringify(mtl);
    const [left] = singleTaskDesigns(mtl, [multiImage]);
    expect(left.design.nodes.find((n) => n.kind === 'TaskHead')!.params.lossWeight).toBe(1);
    expect(JSON.stringify(mtl)).toBe(before);
  });

  it('works without datasets for single-dataset designs', () => {
    const stl = singleTaskDesigns(buildTemplate('ple', [tabular]));
    expect(stl).toHaveLength(2);
    for (const s of stl) expect(validateDesign(s.design, [tabular]).problems).toEqual([]);
  });
});
