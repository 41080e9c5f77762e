// Every problem the validator reports: its code, the node it names, and a message saying what to do.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../shared/problems.js';
import { validateDesign } from '../../shared/validate.js';
import { dataset, fashion, mnist, multiImage, tabular, textSet } from '../catalog/helpers.js';
import { design, edge, multiLeNet, node } from './build.js';

function only(problems: Problem[], code: string): Problem[] {
  return problems.filter((p) => p.code === code);
}

function problemsOf(d: unknown, ds = [multiImage]) {
  return validateDesign(d, ds).problems;
}

/** MultiLeNet with a change applied. */
function mln(change: (d: ReturnType<typeof multiLeNet>) => void) {
  const d = multiLeNet();
  change(d);
  return d;
}

describe('validateDesign problems', () => {
  it('not-a-design', () => {
    for (const v of [null, 3, 'x', [], {}, { nodes: {} }, { nodes: [], edges: 'no' }]) {
      const r = validateDesign(v, []);
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.code)).toEqual(['not-a-design']);
    }
    expect(problemsOf({ ...multiLeNet(), version: 2 })[0]).toMatchObject({ code: 'not-a-design', message: expect.stringMatching(/version 2/) });
  });

  it('bad-node and bad-edge', () => {
    const p = problemsOf({ version: 1, nodes: [{ kind: 'Dense' }, 5], edges: [{ id: 'e', source: 1 }] });
    expect(only(p, 'bad-node')).toHaveLength(2);
    expect(only(p, 'bad-edge')[0]).toMatchObject({ edgeId: 'e' });
  });

  it('unknown-kind names the node', () => {
    const p = problemsOf(mln((d) => (d.nodes[8].kind = 'Dense3D')));
    expect(only(p, 'unknown-kind')).toEqual([
      expect.objectContaining({ nodeId: 'fc', message: expect.stringMatching(/Node 'fc' has kind Dense3D, which the layer catalog lacks/) }),
    ]);
  });

  it('bad-param names the node and the param', () => {
    const p = problemsOf(mln((d) => (d.nodes[1].params.kernelSize = 0)));
    expect(only(p, 'bad-param')).toEqual([
      expect.objectContaining({ nodeId: 'conv1', message: "Conv2D 'conv1': kernelSize must be between 1 and 64 (got 0)" }),
    ]);
    const q = problemsOf(mln((d) => ((d.nodes[8] as any).params = 'fifty')));
    expect(only(q, 'bad-param')[0]).toMatchObject({ nodeId: 'fc', message: expect.stringMatching(/params that are not an object/) });
  });

  it('a loss or metric that does not fit the task is a bad param of the head', () => {
    const p = problemsOf(mln((d) => Object.assign(d.nodes[9].params, { loss: 'mse', metrics: ['r2'] })));
    expect(only(p, 'bad-param').map((x) => x.message)).toEqual([
      expect.stringMatching(/TaskHead 'left' has loss 'mse', which does not fit multiclass task 'left': use crossentropy/),
      expect.stringMatching(/has metric 'r2'/),
    ]);
  });

  it('duplicate-id for nodes and edges', () => {
    const p = problemsOf(
      mln((d) => {
        d.nodes.push(node('fc', 'Dense'));
        d.edges.push({ ...d.edges[0] });
      }),
    );
    expect(only(p, 'duplicate-id')).toHaveLength(2);
    expect(only(p, 'duplicate-id')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'fc', message: expect.stringMatching(/Two nodes have the id 'fc'/) }),
        expect.objectContaining({ edgeId: 'e_in', message: expect.stringMatching(/Two edges have the id 'e_in'/) }),
      ]),
    );
  });

  it('edge-missing-node and edge-missing-port', () => {
    const p = problemsOf(
      mln((d) => {
        d.edges.push(edge('ghost', 'fc', 'out', 'in', 'x1'));
        d.edges.push(edge('fc', 'left', 'task3', 'in', 'x2'));
        d.edges.push(edge('flat', 'fc', 'out', 'in2', 'x3'));
      }),
    );
    expect(only(p, 'edge-missing-node')).toEqual([
      expect.objectContaining({ edgeId: 'x1', nodeId: 'fc', message: expect.stringMatching(/comes from node 'ghost', which does not exist/) }),
    ]);
    expect(only(p, 'edge-missing-port').map((x) => [x.edgeId, x.nodeId])).toEqual([
      ['x2', 'fc'],
      ['x3', 'fc'],
    ]);
    expect(only(p, 'edge-missing-port')[0].message).toMatch(/output 'task3', which it lacks \(it has out\)/);
  });

  it('duplicate-edge on a one-edge port', () => {
    const p = problemsOf(mln((d) => d.edges.push(edge('flat', 'fc', 'out', 'in', 'again'))));
    expect(only(p, 'duplicate-edge')).toEqual([expect.objectContaining({ edgeId: 'again', nodeId: 'fc' })]);
  });

  it('cycle names the nodes in order', () => {
    const p = problemsOf(mln((d) => d.edges.push(edge('relu2', 'conv1', 'out', 'in', 'back'))));
    const c = only(p, 'cycle');
    expect(c).toHaveLength(1);
    expect(c[0].nodeId).toBe('conv1');
    expect(c[0].message).toBe(
      "Nodes 'conv1' → 'pool1' → 'relu1' → 'conv2' → 'pool2' → 'relu2' → 'conv1' form a cycle: delete one of these edges (data must flow from inputs to heads)",
    );
    const self = problemsOf(mln((d) => d.edges.push(edge('fc', 'fc', 'out', 'in', 'loop'))));
    expect(only(self, 'cycle')[0].message).toMatch(/Dense 'fc' feeds itself/);
  });

  it('unconnected-port', () => {
    const p = problemsOf(mln((d) => (d.edges = d.edges.filter((e) => e.id !== 'e_fc'))));
    expect(only(p, 'unconnected-port')).toEqual([
      expect.objectContaining({ nodeId: 'fc', message: "Dense 'fc' has nothing connected to its input 'in': connect a layer to it" }),
    ]);
    // Downstream nodes are not blamed for it.
    expect(only(p, 'shape-mismatch')).toEqual([]);
  });

  it('shape-mismatch says the shapes and what to do', () => {
    const p = problemsOf(mln((d) => (d.edges = d.edges.map((e) => (e.id === 'e_fc' ? { ...e, source: 'relu2' } : e)))));
    expect(only(p, 'shape-mismatch')).toEqual([
      expect.objectContaining({ nodeId: 'fc', message: "Dense 'fc' needs a flat input but gets [4, 4, 20]: add a Flatten before it" }),
    ]);
    // the dangling Flatten is a warning, not an error
    expect(only(p, 'dead-end')).toEqual([expect.objectContaining({ severity: 'warning', nodeId: 'flat' })]);
  });

  it('head-no-dataset, head-unknown-dataset, head-no-task, head-unknown-task', () => {
    const p = problemsOf(
      mln((d) => {
        d.nodes[9].params = { dataset: '', task: 'left' };
        d.nodes[10].params = { dataset: 'mf', task: '' };
      }),
    );
    expect(only(p, 'head-no-dataset')).toEqual([expect.objectContaining({ nodeId: 'left' })]);
    expect(only(p, 'head-no-task')).toEqual([
      expect.objectContaining({ nodeId: 'right', message: "TaskHead 'right' is bound to no task: choose one of left, right" }),
    ]);
    const q = problemsOf(
      mln((d) => {
        d.nodes[9].params = { dataset: 'mnist', task: 'digit' };
        d.nodes[10].params = { dataset: 'mf', task: 'middle' };
      }),
    );
    expect(only(q, 'head-unknown-dataset')[0].message).toMatch(/dataset 'mnist', which is not among the chosen datasets/);
    expect(only(q, 'head-unknown-task')[0].message).toMatch(/task 'middle', which dataset 'mf' lacks \(it has left, right\)/);
  });

  it('duplicate-task', () => {
    const p = problemsOf(mln((d) => (d.nodes[10].params.task = 'left')));
    expect(only(p, 'duplicate-task')).toEqual([expect.objectContaining({ nodeId: 'right' })]);
  });

  it('input-no-feature, input-unknown-dataset, input-unknown-feature', () => {
    expect(only(problemsOf(mln((d) => (d.nodes[0].params.feature = ''))), 'input-no-feature')).toEqual([
      expect.objectContaining({ nodeId: 'in', message: "Input 'in' is bound to no feature: choose a dataset feature in the inspector" }),
    ]);
    expect(only(problemsOf(mln((d) => (d.nodes[0].params.dataset = 'cifar'))), 'input-unknown-dataset')[0].nodeId).toBe('in');
    expect(only(problemsOf(mln((d) => (d.nodes[0].params.feature = 'pixels'))), 'input-unknown-feature')[0].nodeId).toBe('in');
  });

  it('no-heads', () => {
    expect(problemsOf(design([], [])).map((p) => p.code)).toEqual(['no-heads']);
    expect(problemsOf(mln((d) => (d.nodes = d.nodes.filter((n) => n.kind !== 'TaskHead'))))[0]).toMatchObject({
      code: 'no-heads',
      message: 'The design has no task head: add a TaskHead for each task to train',
    });
  });

  it('unused-output on a block', () => {
    const d = design(
      [
        node('in', 'Input', { dataset: 'tab', feature: 'x' }),
        node('m', 'MMoE', { numTasks: 3 }),
        node('h1', 'TaskHead', { dataset: 'tab', task: 'clicked' }),
        node('h2', 'TaskHead', { dataset: 'tab', task: 'price' }),
      ],
      [edge('in', 'm'), edge('m', 'h1', 'task0'), edge('m', 'h2', 'task1')],
    );
    const r = validateDesign(d, [tabular]);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'unused-output', nodeId: 'm' })]);
  });

  it('lists errors first, in node order', () => {
    const p = problemsOf(
      mln((d) => {
        d.nodes[10].params.task = '';
        d.nodes[1].params.filters = -1;
      }),
    );
    expect(p.map((x) => x.nodeId)).toEqual(['conv1', 'right']);
  });
});

describe('multi-input routing', () => {
  const imageText = () =>
    design(
      [
        node('img', 'Input', { dataset: 'mnist', feature: 'image' }),
        node('flat', 'Flatten'),
        node('img_proj', 'Dense', { units: 32 }),
        node('txt', 'Input', { dataset: 'reviews', feature: 'text' }),
        node('emb', 'Embedding', { outputDim: 8 }),
        node('pool', 'GlobalAveragePooling1D'),
        node('txt_proj', 'Dense', { units: 32 }),
        node('shared', 'Dense', { units: 16 }),
        node('h_digit', 'TaskHead', { dataset: 'mnist', task: 'digit' }),
        node('h_sent', 'TaskHead', { dataset: 'reviews', task: 'sentiment' }),
      ],
      [
        edge('img', 'flat'),
        edge('flat', 'img_proj'),
        edge('txt', 'emb'),
        edge('emb', 'pool'),
        edge('pool', 'txt_proj'),
        edge('img_proj', 'shared', 'out', 'in', 'route_img'),
        edge('txt_proj', 'shared', 'out', 'in', 'route_txt'),
        edge('shared', 'h_digit'),
        edge('shared', 'h_sent'),
      ],
    );

  it('an image branch and a text branch share one Dense', () => {
    const r = validateDesign(imageText(), [mnist, textSet]);
    expect(r.problems).toEqual([]);
    expect(r.nodes.shared.params).toBe(32 * 16 + 16);
    expect(r.nodes.emb.params).toBe(1000 * 8);
  });

  it('routes of different shapes into one port are a shape mismatch', () => {
    const d = imageText();
    d.nodes[6].params.units = 20;
    const p = validateDesign(d, [mnist, textSet]).problems;
    expect(only(p, 'shape-mismatch')).toEqual([
      expect.objectContaining({
        nodeId: 'shared',
        message: expect.stringMatching(/Dense 'shared' gets different shapes on the routes into 'in' \(\[32\] from 'img_proj', \[20\] from 'txt_proj'\)/),
      }),
    ]);
  });

  it('head-no-route: a head whose dataset reaches no branch', () => {
    const d = imageText();
    d.nodes[3].params.dataset = 'mnist'; // the text input now claims mnist, which has no 'text'
    const p = validateDesign(d, [mnist, textSet]).problems;
    expect(only(p, 'input-unknown-feature')[0].nodeId).toBe('txt');
    const d2 = imageText();
    d2.edges = d2.edges.filter((e) => e.id !== 'route_txt');
    const p2 = validateDesign(d2, [mnist, textSet]).problems;
    expect(only(p2, 'head-no-route')).toEqual([
      expect.objectContaining({ nodeId: 'h_sent', message: expect.stringMatching(/TaskHead 'h_sent' \(dataset 'reviews'\) cannot be fed: Input 'img' is bound to dataset 'mnist'/) }),
    ]);
  });

  it('head-two-routes: two branches the same dataset can feed', () => {
    const d = design(
      [
        node('a', 'Input', { dataset: 'tab', feature: 'x' }),
        node('b', 'Input', { dataset: 'tab', feature: 'x' }),
        node('fc', 'Dense', { units: 4 }),
        node('h', 'TaskHead', { dataset: 'tab', task: 'price' }),
      ],
      [edge('a', 'fc'), edge('b', 'fc'), edge('fc', 'h')],
    );
    expect(only(validateDesign(d, [tabular]).problems, 'head-two-routes')).toEqual([
      expect.objectContaining({ nodeId: 'h', message: expect.stringMatching(/has 2 routes into Dense 'fc' input 'in' \(from 'a' and 'b'\).*Concatenate or Add/) }),
    ]);
  });

  it("alike datasets share one Input with dataset ''", () => {
    const d = design(
      [
        node('in', 'Input', { dataset: '', feature: 'image' }),
        node('flat', 'Flatten'),
        node('h1', 'TaskHead', { dataset: 'mnist', task: 'digit' }),
        node('h2', 'TaskHead', { dataset: 'fashion', task: 'clothing' }),
      ],
      [edge('in', 'flat'), edge('flat', 'h1'), edge('flat', 'h2')],
    );
    expect(validateDesign(d, [mnist, fashion]).problems).toEqual([]);
    const cifar = dataset('fashion', [{ name: 'image', kind: 'image', shape: [32, 32, 3] }], [{ name: 'clothing', kind: 'multiclass', classes: ['a', 'b'] }]);
    expect(only(validateDesign(d, [mnist, cifar]).problems, 'input-shape-conflict')[0].nodeId).toBe('in');
  });
});
