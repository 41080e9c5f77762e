// @vitest-environment happy-dom
// The designer store: every edit is undoable, drags are one step, the clipboard round-trips, connections are
// checked with reasons, and "add a head for every task" wires heads to a block's task outputs.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useDesignerStore } from '../../../renderer/stores/designer.js';
import { useDatasetsStore } from '../../../renderer/stores/datasets.js';
import { FASHION, MNIST, MULTI_FASHION } from './fixtures.js';

function setup(datasets = [MULTI_FASHION]) {
  setActivePinia(createPinia());
  const ds = useDatasetsStore();
  ds.list = [MULTI_FASHION, MNIST, FASHION];
  ds.loaded = true;
  const store = useDesignerStore();
  store.load({ version: 1, name: 'test', nodes: [], edges: [] }, { saved: true, datasetIds: datasets.map((d) => d.id) });
  return store;
}

/** Input → Flatten → Dense → TaskHead, built through the store. */
function lenet(store: ReturnType<typeof useDesignerStore>) {
  const input = store.addNode('Input', { x: 0, y: 0 })!;
  const flat = store.addNode('Flatten', { x: 0, y: 100 })!;
  const dense = store.addNode('Dense', { x: 0, y: 200 })!;
  const head = store.addNode('TaskHead', { x: 0, y: 300 })!;
  expect(store.connect({ source: input, sourcePort: 'out', target: flat, targetPort: 'in' })).toBe(true);
  expect(store.connect({ source: flat, sourcePort: 'out', target: dense, targetPort: 'in' })).toBe(true);
  expect(store.connect({ source: dense, sourcePort: 'out', target: head, targetPort: 'in' })).toBe(true);
  return { input, flat, dense, head };
}

describe('designer store', () => {
  beforeEach(() => localStorage.clear());

  it('new nodes get the bound dataset’s feature and the next task without a head', () => {
    const store = setup();
    const input = store.addNode('Input', { x: 0, y: 0 })!;
    const h1 = store.addNode('TaskHead', { x: 0, y: 0 })!;
    const h2 = store.addNode('TaskHead', { x: 0, y: 0 })!;
    const byId = (id: string) => store.design.nodes.find((n) => n.id === id)!;
    expect(byId(input).params).toMatchObject({ dataset: 'ds-mf', feature: 'image' });
    expect([byId(h1).params.task, byId(h2).params.task]).toEqual(['left', 'right']);
  });

  it('shapes are inferred on every edit, and every edit undoes and redoes', () => {
    const store = setup();
    const { dense, head } = lenet(store);
    expect(store.validation.nodes[dense].outputShapes.out).toEqual([64]);
    expect(store.validation.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(store.validation.totals.params).toBe(784 * 64 + 64 + 64 * 10 + 10);

    store.setParam(dense, 'units', 32);
    expect(store.validation.nodes[dense].outputShapes.out).toEqual([32]);
    const edge = store.design.edges.find((e) => e.target === head)!;
    expect(store.validation.edgeShapes[edge.id]).toEqual([32]);

    store.undo();
    expect(store.validation.nodes[dense].outputShapes.out).toEqual([64]);
    store.redo();
    expect(store.validation.nodes[dense].outputShapes.out).toEqual([32]);

    // 4 adds + 3 connections + 1 param edit = 8 steps back to the empty design
    for (let i = 0; i < 8; i++) store.undo();
    expect(store.design.nodes).toEqual([]);
    expect(store.canUndo).toBe(false);
    for (let i = 0; i < 8; i++) store.redo();
    expect(store.design.nodes).toHaveLength(4);
    expect(store.design.edges).toHaveLength(3);
    expect(store.canRedo).toBe(false);
  });

  it('typing into one field is one undo step', () => {
    const store = setup();
    const dense = store.addNode('Dense', { x: 0, y: 0 })!;
    for (const v of [1, 12, 128]) store.setParam(dense, 'units', v);
    store.undo();
    expect(store.design.nodes[0].params.units).toBe(64);
  });

  it('a drag, however many moves, is one step; a group move moves them all', () => {
    const store = setup();
    const a = store.addNode('Dense', { x: 0, y: 0 })!;
    const b = store.addNode('Dense', { x: 0, y: 96 })!;
    store.beginDrag();
    for (let i = 1; i <= 10; i++) store.dragTo({ [a]: { x: i * 10, y: 0 }, [b]: { x: i * 10, y: 96 } });
    store.endDrag();
    expect(store.design.nodes.map((n) => n.position)).toEqual([{ x: 100, y: 0 }, { x: 100, y: 96 }]);
    store.undo();
    expect(store.design.nodes.map((n) => n.position)).toEqual([{ x: 0, y: 0 }, { x: 0, y: 96 }]);
    store.redo();
    expect(store.design.nodes[0].position).toEqual({ x: 100, y: 0 });
    // a click without a move records nothing
    store.beginDrag();
    store.endDrag();
    store.undo();
    expect(store.design.nodes[0].position).toEqual({ x: 0, y: 0 });
  });

  it('copy/paste, cut, duplicate and delete go through history with the selection following', () => {
    const store = setup();
    const { flat, dense } = lenet(store);
    store.select([flat, dense]);
    expect(store.copy()).toBe(true);
    expect(store.paste()).toBe(true);
    expect(store.selectedNodes).toEqual(['flatten_2', 'dense_2']);
    expect(store.design.edges.filter((e) => e.source === 'flatten_2' && e.target === 'dense_2')).toHaveLength(1);
    store.undo();
    expect(store.design.nodes.map((n) => n.id)).not.toContain('dense_2');
    expect(store.selectedNodes).toEqual([]);

    store.select([dense]);
    store.cut();
    expect(store.design.nodes.map((n) => n.id)).not.toContain(dense);
    expect(store.design.edges).toHaveLength(1); // only input → flatten is left
    store.undo();
    expect(store.design.edges).toHaveLength(3);

    store.select([dense]);
    store.duplicate();
    expect(store.selectedNodes).toEqual(['dense_2']);
    store.deleteSelection();
    expect(store.design.nodes).toHaveLength(4);
    store.selectAll();
    store.deleteSelection();
    expect(store.design.nodes).toHaveLength(0);
    store.undo();
    expect(store.design.nodes).toHaveLength(4);
    expect(store.design.edges).toHaveLength(3);
  });

  it('refuses connections with a reason: self, cycle, taken port, shapes', () => {
    const store = setup();
    const { input, flat, dense, head } = lenet(store);
    const d2 = store.addNode('Dense', { x: 300, y: 0 })!;
    expect(store.canConnect({ source: dense, sourcePort: 'out', target: dense, targetPort: 'in' })?.code).toBe('self');
    expect(store.canConnect({ source: dense, sourcePort: 'out', target: flat, targetPort: 'in' })?.code).toBe('cycle');
    expect(store.canConnect({ source: d2, sourcePort: 'out', target: head, targetPort: 'in' })?.code).toBe('port-taken');
    expect(store.canConnect({ source: flat, sourcePort: 'out', target: dense, targetPort: 'in' })?.code).toBe('duplicate');
    const shape = store.canConnect({ source: input, sourcePort: 'out', target: d2, targetPort: 'in' });
    expect(shape?.code).toBe('shape');
    expect(shape?.message).toMatch(/needs a flat input but gets \[28, 28, 1\]/);
    // a refused connect leaves the design as it was and says why
    const before = store.design.edges.length;
    expect(store.connect({ source: input, sourcePort: 'out', target: d2, targetPort: 'in' })).toBe(false);
    expect(store.design.edges).toHaveLength(before);
    expect(store.lastRefusal?.code).toBe('shape');
  });

  it('adds a head for every task, wired to the selected MMoE block’s task ports in order', () => {
    const store = setup();
    const input = store.addNode('Input', { x: 0, y: 0 })!;
    const flat = store.addNode('Flatten', { x: 0, y: 100 })!;
    const mmoe = store.addNode('MMoE', { x: 0, y: 200 })!;
    store.connect({ source: input, sourcePort: 'out', target: flat, targetPort: 'in' });
    store.connect({ source: flat, sourcePort: 'out', target: mmoe, targetPort: 'in' });
    store.select([mmoe]);
    const heads = store.addHeadsForEveryTask();
    expect(heads).toHaveLength(2);
    const wired = store.design.edges.filter((e) => e.source === mmoe).map((e) => [e.sourcePort, store.design.nodes.find((n) => n.id === e.target)!.params.task]);
    expect(wired).toEqual([['task0', 'left'], ['task1', 'right']]);
    expect(store.validation.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // all in one step
    store.undo();
    expect(store.design.nodes.filter((n) => n.kind === 'TaskHead')).toHaveLength(0);
    // nothing more to add once every task has a head
    store.redo();
    expect(store.addHeadsForEveryTask()).toEqual([]);
  });

  it('binds two datasets: a shared input feeds both, each head names its dataset', () => {
    const store = setup([MNIST, FASHION]);
    const input = store.addNode('Input', { x: 0, y: 0 })!;
    store.setParam(input, 'dataset', '');
    const flat = store.addNode('Flatten', { x: 0, y: 100 })!;
    const dense = store.addNode('Dense', { x: 0, y: 200 })!;
    store.connect({ source: input, sourcePort: 'out', target: flat, targetPort: 'in' });
    store.connect({ source: flat, sourcePort: 'out', target: dense, targetPort: 'in' });
    store.select([dense]);
    store.addHeadsForEveryTask();
    const heads = store.design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => [n.params.dataset, n.params.task]);
    expect(heads).toEqual([['ds-mnist', 'digit'], ['ds-fashion', 'clothing']]);
    expect(store.validation.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // dataset binding is undoable too
    store.toggleDataset('ds-fashion', false);
    expect(store.datasetIds).toEqual(['ds-mnist']);
    expect(store.validation.problems.some((p) => p.code === 'head-unknown-dataset')).toBe(true);
    store.undo();
    expect(store.datasetIds).toEqual(['ds-mnist', 'ds-fashion']);
  });

  it('knows when there are unsaved changes', () => {
    const store = setup();
    expect(store.dirty).toBe(false);
    const id = store.addNode('Dense', { x: 0, y: 0 })!;
    expect(store.dirty).toBe(true);
    store.undo();
    expect(store.dirty).toBe(false);
    store.redo();
    store.setParam(id, 'units', 8);
    expect(store.dirty).toBe(true);
  });

  it('exports and imports JSON, keeping nodes, edges and datasets', () => {
    const store = setup();
    lenet(store);
    const text = store.exportJson();
    const other = setup([]);
    expect(other.importJson(text)).toBe(true);
    expect(other.design.nodes).toHaveLength(4);
    expect(other.design.edges).toHaveLength(3);
    expect(other.datasetIds).toEqual(['ds-mf']);
    expect(other.importJson('{"not": "a design"}')).toBe(false);
    expect(other.importJson('garbage')).toBe(false);
  });
});
