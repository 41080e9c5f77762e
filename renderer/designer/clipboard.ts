// Copy, cut, paste and duplicate of design fragments: the selected nodes and the edges between them.
import type { Design, DesignEdge, DesignNode } from '../../shared/design.js';
import { newEdgeId, newNodeId, removeElements } from './ops.js';

export const CLIPBOARD_FORMAT = 'mtl-workbench/design-fragment';

export interface DesignFragment {
  format: typeof CLIPBOARD_FORMAT;
  version: 1;
  nodes: DesignNode[];
  /** Only edges whose two ends are both in `nodes`. */
  edges: DesignEdge[];
}

/** The fragment for these nodes, or null when none of them exists. */
export function copyFragment(design: Design, nodeIds: Iterable<string>): DesignFragment | null {
  const ids = new Set(nodeIds);
  const nodes = design.nodes.filter((n) => ids.has(n.id));
  if (!nodes.length) return null;
  const edges = design.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return JSON.parse(JSON.stringify({ format: CLIPBOARD_FORMAT, version: 1, nodes, edges })) as DesignFragment;
}

/** Cut = the fragment plus the design without those nodes (and their edges). */
export function cutFragment(design: Design, nodeIds: Iterable<string>): { fragment: DesignFragment | null; design: Design } {
  const ids = [...nodeIds];
  const fragment = copyFragment(design, ids);
  return { fragment, design: fragment ? removeElements(design, ids) : design };
}

export interface PasteOptions {
  /** Shift every pasted node by this much. */
  offset?: { x: number; y: number };
  /** Place the fragment's top-left corner here instead (overrides offset). */
  at?: { x: number; y: number };
}

/** Paste a fragment: fresh ids (edges remapped), positions shifted. Returns the new design and the new node ids. */
export function pasteFragment(design: Design, fragment: DesignFragment, opts: PasteOptions = {}): { design: Design; nodeIds: string[]; edgeIds: string[] } {
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const dx = opts.at ? opts.at.x - minX : (opts.offset?.x ?? 40);
  const dy = opts.at ? opts.at.y - minY : (opts.offset?.y ?? 40);
  const idMap = new Map<string, string>();
  const taken = new Set<string>();
  const nodes: DesignNode[] = fragment.nodes.map((n) => {
    const id = newNodeId(design, n.kind, taken);
    taken.add(id);
    idMap.set(n.id, id);
    return { ...JSON.parse(JSON.stringify(n)), id, position: { x: n.position.x + dx, y: n.position.y + dy } };
  });
  const takenEdges = new Set<string>();
  const edges: DesignEdge[] = [];
  for (const e of fragment.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) continue;
    const ne = { source, sourcePort: e.sourcePort, target, targetPort: e.targetPort };
    const id = newEdgeId(design, ne, takenEdges);
    takenEdges.add(id);
    edges.push({ ...ne, id });
  }
  return {
    design: { ...design, nodes: [...design.nodes, ...nodes], edges: [...design.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
    edgeIds: edges.map((e) => e.id),
  };
}

/** Duplicate = paste a copy of the nodes right beside them. */
export function duplicateNodes(design: Design, nodeIds: Iterable<string>, offset = { x: 40, y: 40 }): { design: Design; nodeIds: string[] } {
  const fragment = copyFragment(design, nodeIds);
  if (!fragment) return { design, nodeIds: [] };
  const r = pasteFragment(design, fragment, { offset });
  return { design: r.design, nodeIds: r.nodeIds };
}

/** Parse clipboard text into a fragment (a fragment, or a whole design's nodes and edges); null if it is neither. */
export function parseFragment(text: string): DesignFragment | null {
  try {
    const v = JSON.parse(text) as Partial<DesignFragment> & Partial<Design>;
    if (!v || !Array.isArray(v.nodes) || !Array.isArray(v.edges)) return null;
    const nodes = v.nodes.filter((n) => n && typeof n.id === 'string' && typeof n.kind === 'string' && n.position && typeof n.position.x === 'number');
    if (!nodes.length) return null;
    return { format: CLIPBOARD_FORMAT, version: 1, nodes: nodes.map((n) => ({ ...n, params: n.params ?? {} })), edges: v.edges.filter((e) => e && typeof e.source === 'string') };
  } catch {
    return null;
  }
}
