// Copy/cut/paste/duplicate of design fragments: fresh ids, internal edges kept and remapped, positions shifted.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../../shared/design.js';
import { copyFragment, cutFragment, duplicateNodes, parseFragment, pasteFragment } from '../../../renderer/designer/clipboard.js';
import { validateDesign } from '../../../shared/validate.js';

function chain(): Design {
  return {
    version: 1,
    name: 'chain',
    nodes: [
      { id: 'input_1', kind: 'Input', params: { dataset: 'ds', feature: 'x' }, position: { x: 0, y: 0 } },
      { id: 'dense_1', kind: 'Dense', params: { units: 32 }, position: { x: 0, y: 100 } },
      { id: 'dense_2', kind: 'Dense', params: { units: 16, activation: 'tanh' }, position: { x: 0, y: 200 }, label: 'bottleneck' },
      { id: 'task_head_1', kind: 'TaskHead', params: { dataset: 'ds', task: 't' }, position: { x: 0, y: 300 } },
    ],
    edges: [
      { id: 'e1', source: 'input_1', sourcePort: 'out', target: 'dense_1', targetPort: 'in' },
      { id: 'e2', source: 'dense_1', sourcePort: 'out', target: 'dense_2', targetPort: 'in' },
      { id: 'e3', source: 'dense_2', sourcePort: 'out', target: 'task_head_1', targetPort: 'in' },
    ],
  };
}

describe('design clipboard', () => {
  it('copies the chosen nodes and only the edges between them', () => {
    const f = copyFragment(chain(), ['dense_1', 'dense_2'])!;
    expect(f.nodes.map((n) => n.id)).toEqual(['dense_1', 'dense_2']);
    expect(f.edges.map((e) => e.id)).toEqual(['e2']);
    expect(copyFragment(chain(), ['nope'])).toBeNull();
  });

  it('the copy is detached: editing the design afterwards does not change it', () => {
    const d = chain();
    const f = copyFragment(d, ['dense_1'])!;
    d.nodes[1].params.units = 999;
    expect(f.nodes[0].params.units).toBe(32);
  });

  it('pastes with fresh ids, the internal edge remapped, params and labels kept, positions shifted', () => {
    const d = chain();
    const f = copyFragment(d, ['dense_1', 'dense_2'])!;
    const r = pasteFragment(d, f, { offset: { x: 40, y: 40 } });
    expect(r.nodeIds).toEqual(['dense_3', 'dense_4']);
    expect(r.design.nodes).toHaveLength(6);
    const pasted = r.design.nodes.filter((n) => r.nodeIds.includes(n.id));
    expect(pasted.map((n) => n.params)).toEqual([{ units: 32 }, { units: 16, activation: 'tanh' }]);
    expect(pasted[1].label).toBe('bottleneck');
    expect(pasted.map((n) => n.position)).toEqual([{ x: 40, y: 140 }, { x: 40, y: 240 }]);
    const newEdges = r.design.edges.filter((e) => r.edgeIds.includes(e.id));
    expect(newEdges).toHaveLength(1);
    expect(newEdges[0]).toMatchObject({ source: 'dense_3', sourcePort: 'out', target: 'dense_4', targetPort: 'in' });
    // ids stay unique across the whole design
    expect(new Set(r.design.nodes.map((n) => n.id)).size).toBe(6);
    expect(new Set(r.design.edges.map((e) => e.id)).size).toBe(4);
    // the original is untouched
    expect(d.nodes).toHaveLength(4);
  });

  it('pastes at a point: the fragment’s top-left corner lands there', () => {
    const d = chain();
    const r = pasteFragment(d, copyFragment(d, ['dense_1', 'dense_2'])!, { at: { x: 500, y: 20 } });
    const pasted = r.design.nodes.filter((n) => r.nodeIds.includes(n.id));
    expect(pasted.map((n) => n.position)).toEqual([{ x: 500, y: 20 }, { x: 500, y: 120 }]);
  });

  it('pasting the same fragment twice gives two independent copies', () => {
    const d = chain();
    const f = copyFragment(d, ['dense_1'])!;
    const once = pasteFragment(d, f);
    const twice = pasteFragment(once.design, f);
    expect([...once.nodeIds, ...twice.nodeIds]).toEqual(['dense_3', 'dense_4']);
  });

  it('cut removes the nodes and every edge touching them; pasting puts them back with their shapes', () => {
    const d = chain();
    const { fragment, design } = cutFragment(d, ['dense_2']);
    expect(design.nodes.map((n) => n.id)).toEqual(['input_1', 'dense_1', 'task_head_1']);
    expect(design.edges.map((e) => e.id)).toEqual(['e1']);
    expect(fragment!.nodes[0].id).toBe('dense_2');
    const back = pasteFragment(design, fragment!, { offset: { x: 0, y: 0 } });
    expect(back.nodeIds).toEqual(['dense_2']); // the freed id is reused
  });

  it('duplicate copies and pastes beside; the result validates like the original', () => {
    const datasets = [
      {
        id: 'ds', name: 'ds', spec: { source: 'test', options: {}, seed: 1 },
        features: [{ name: 'x', kind: 'vector' as const, size: 8, columns: ['a'] }],
        tasks: [{ name: 't', kind: 'binary' as const, classes: ['no', 'yes'] }],
        rows: 10, splits: { train: 8, validation: 1, test: 1 }, stats: [], balance: [], checksum: '', createdAt: '',
      },
    ];
    const d = chain();
    const r = duplicateNodes(d, ['dense_1', 'dense_2']);
    expect(r.nodeIds).toEqual(['dense_3', 'dense_4']);
    const v = validateDesign(r.design, datasets);
    expect(v.nodes.dense_2.outputShapes.out).toEqual([16]);
    // the duplicated pair is not fed, so it has no shapes, but the original keeps its own
    expect(v.nodes.dense_4?.outputShapes.out).toBeUndefined();
    expect(duplicateNodes(d, []).nodeIds).toEqual([]);
  });

  it('parses fragments and whole designs from clipboard text, and rejects anything else', () => {
    const f = copyFragment(chain(), ['dense_1'])!;
    expect(parseFragment(JSON.stringify(f))!.nodes[0].id).toBe('dense_1');
    expect(parseFragment(JSON.stringify(chain()))!.nodes).toHaveLength(4);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes": [], "edges": []}')).toBeNull();
    expect(parseFragment('{"nodes": [{"id": 1}], "edges": []}')).toBeNull();
  });
});
