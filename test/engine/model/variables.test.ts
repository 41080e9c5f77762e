// Shared vs task variables: what a head's forward pass uses, for hard sharing, MMoE, PLE, cross-stitch and
// multi-input routing; checked against the gradient tape (which variables a head's output reaches).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type BuiltModel } from '../../../electron/engine/model/index.js';
import type { DatasetInfo } from '../../../shared/dataset.js';
import type { Design } from '../../../shared/design.js';
import { buildTemplate } from '../../../shared/templates/index.js';
import { validateDesign } from '../../../shared/validate.js';
import { CASES } from './cases.js';
import { img2, twoDatasetDesign, vec1 } from './designs.js';
import { binary, D, dataset, multiclass, rawBatch, regression, tensors } from './fixtures.js';

const img = dataset('img', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [multiclass('left', 10), multiclass('right', 10)]);
const vec = dataset('vec', [{ name: 'x', kind: 'vector', size: 10, columns: [] }], [multiclass('a', 4), regression('b'), binary('c')]);
const txt = dataset('txt', [{ name: 'text', kind: 'text', vocabSize: 30, maxLength: 6 }], [binary('sentiment')]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const short = (v: tf.Variable) => v.name.replace(/_\d+$/, '');

/** Per head key: the variables its output's gradient reaches (the tape's answer). */
function reached(m: BuiltModel, datasets: DatasetInfo[]): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const r of m.routes) {
    const raw = rawBatch(datasets.find((d) => d.id === r.dataset)!, 2, 1);
    for (const key of r.heads) {
      const { value, grads } = tf.variableGrads(() => tf.sum(m.forward(r.dataset, tensors(tf, raw), false)[key]) as tf.Scalar, m.allVariables);
      out[key] = new Set(Object.keys(grads));
      tf.dispose([value, ...Object.values(grads)]);
    }
  }
  return out;
}

function expectSplitMatchesTape(design: Design, datasets: DatasetInfo[]): BuiltModel {
  expect(validateDesign(design, datasets).problems.filter((p) => p.severity === 'error')).toEqual([]);
  const m = buildModel(tf, design, datasets, { seed: 1 });
  const tape = reached(m, datasets);
  for (const h of m.heads) {
    const mine = new Set([...m.sharedVariables, ...m.taskVariables[h.key]].filter((v) => m.variableHeads[v.name].includes(h.key)).map((v) => v.name));
    expect([...mine].sort(), h.key).toEqual([...tape[h.key]].sort());
  }
  for (const v of m.allVariables) {
    const users = Object.keys(tape).filter((k) => tape[k].has(v.name));
    expect(m.variableHeads[v.name].sort(), v.name).toEqual(users.sort());
    if (users.length >= 2) expect(m.sharedVariables).toContain(v);
    else expect(m.taskVariables[users[0]]).toContain(v);
  }
  // Every trainable variable is in exactly one place.
  const listed = [...m.sharedVariables, ...Object.values(m.taskVariables).flat()];
  expect(new Set(listed).size).toBe(listed.length);
  expect(new Set(m.allVariables)).toEqual(new Set(listed));
  return m;
}

describe('model builder: shared and task variables', () => {
  it('hard sharing: the trunk is shared, each head owns its tower', () => {
    const design = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'trunk', 'Dense', { units: 8 })
      .chain('trunk', 'ha', 'TaskHead', { dataset: 'vec', task: 'a', hidden: [4] })
      .chain('trunk', 'hb', 'TaskHead', { dataset: 'vec', task: 'b', hidden: [] })
      .design();
    const m = expectSplitMatchesTape(design, [vec]);
    expect(m.sharedVariables.map(short)).toEqual(['trunk.dense/kernel', 'trunk.dense/bias']);
    expect(m.taskVariables.a.map(short)).toEqual(['ha.tower0/kernel', 'ha.tower0/bias', 'ha.out/kernel', 'ha.out/bias']);
    expect(m.taskVariables.b.map(short)).toEqual(['hb.out/kernel', 'hb.out/bias']);
    expect(m.allVariables.length).toBe(8);
    m.dispose();
  });

  it('MMoE: the experts are shared, gate k belongs to the head on port task k', () => {
    const design = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'moe', 'MMoE', { numTasks: 2, numExperts: 3, expertUnits: 5 })
      .node('ha', 'TaskHead', { dataset: 'vec', task: 'a' })
      .edge('moe:task0', 'ha')
      .node('hb', 'TaskHead', { dataset: 'vec', task: 'b' })
      .edge('moe:task1', 'hb')
      .design();
    const m = expectSplitMatchesTape(design, [vec]);
    expect(m.sharedVariables.map(short).sort()).toEqual(
      [0, 1, 2].flatMap((e) => [`moe.mmoe/expert${e}/dense0/kernel`, `moe.mmoe/expert${e}/dense0/bias`]).sort(),
    );
    expect(m.taskVariables.a.map(short)).toEqual(['moe.mmoe/gate0/dense0/kernel', 'moe.mmoe/gate0/dense0/bias', 'ha.out/kernel', 'ha.out/bias']);
    expect(m.taskVariables.b.map(short)).toEqual(['moe.mmoe/gate1/dense0/kernel', 'moe.mmoe/gate1/dense0/bias', 'hb.out/kernel', 'hb.out/bias']);
    m.dispose();
  });

  it("PLE: a task's last-level expert and gate (and the gate feeding them) are its own; the rest is shared", () => {
    const design = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'ple', 'PLE', { numTasks: 2, levels: 2, sharedExperts: 1, taskExperts: 1, expertUnits: 4 })
      .node('ha', 'TaskHead', { dataset: 'vec', task: 'a' })
      .edge('ple:task0', 'ha')
      .node('hb', 'TaskHead', { dataset: 'vec', task: 'b' })
      .edge('ple:task1', 'hb')
      .design();
    const m = expectSplitMatchesTape(design, [vec]);
    // Task 0's own: its last-level expert and gate, and its level-0 gate (whose output feeds only task 0's
    // last-level expert and gate, the last level having no shared gate).
    const own = m.taskVariables.a.map(short).filter((n) => n.startsWith('ple'));
    expect(own.sort()).toEqual(
      ['level0/gate0', 'level1/gate0', 'level1/task0/expert0'].flatMap((w) => [`ple.ple/${w}/dense0/bias`, `ple.ple/${w}/dense0/kernel`]).sort(),
    );
    // Level 0's experts, task experts included, reach both tasks through level 0's shared gate.
    expect(m.sharedVariables.map(short).filter((n) => n.includes('level0/task')).length).toBe(4);
    expect(m.sharedVariables.map(short).some((n) => n.includes('level0/task1/expert0'))).toBe(true);
    m.dispose();
  });

  it('a block port no head uses contributes nothing to the heads', () => {
    // MMoE with 3 ports, only 2 connected: gate 2 is on no head's path, so no variable of it is listed.
    const design = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'moe', 'MMoE', { numTasks: 3, numExperts: 2, expertUnits: 3 })
      .node('ha', 'TaskHead', { dataset: 'vec', task: 'a' })
      .edge('moe:task0', 'ha')
      .node('hb', 'TaskHead', { dataset: 'vec', task: 'b' })
      .edge('moe:task2', 'hb')
      .design();
    const m = buildModel(tf, design, [vec], { seed: 1 });
    expect(m.allVariables.map(short).filter((n) => n.includes('gate1'))).toEqual([]);
    expect(m.taskVariables.b.map(short)).toContain('moe.mmoe/gate2/dense0/kernel');
    m.dispose();
  });

  for (const template of ['hps', 'mmoe', 'cgc', 'ple', 'cross-stitch']) {
    for (const ds of [[img], [vec], [img, txt], [vec, img]]) {
      it(`${template} on ${ds.map((d) => d.id).join(' + ')}: the split matches the gradient tape`, () => {
        expectSplitMatchesTape(buildTemplate(template, ds), ds).dispose();
      });
    }
  }

  for (const [kind, make] of Object.entries(CASES)) {
    it(`${kind} case: the split matches the gradient tape`, () => {
      const c = make();
      expectSplitMatchesTape(c.design, c.datasets).dispose();
    });
  }

  it('multi-input: a Dense fed by an image branch and a vector branch is shared; each branch belongs to its dataset', () => {
    const design = twoDatasetDesign();
    const m = expectSplitMatchesTape(design, [img2, vec1]);
    expect(m.sharedVariables.map(short)).toEqual(['trunk.dense/kernel', 'trunk.dense/bias']);
    expect(m.taskVariables.digit.map(short)).toEqual(['conv.conv2d/kernel', 'conv.conv2d/bias', 'imgEnc.dense/kernel', 'imgEnc.dense/bias', 'hDigit.out/kernel', 'hDigit.out/bias']);
    expect(m.taskVariables.y.map(short)).toEqual(['vecEnc.dense/kernel', 'vecEnc.dense/bias', 'hY.out/kernel', 'hY.out/bias']);
    m.dispose();
  });
});
