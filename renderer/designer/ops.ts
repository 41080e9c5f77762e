// Pure edits of a Design: each returns a new Design (the input is never changed).
import type { Design, DesignEdge, DesignNode, Position } from '../../shared/design.js';

export function cloneDesign(d: Design): Design {
  return JSON.parse(JSON.stringify(d)) as Design;
}

/** 'Dense' -> 'dense_3': the first free id of that stem. */
export function newNodeId(design: Design, kind: string, taken: Set<string> = new Set()): string {
  const stem = kind.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '').toLowerCase() || 'node';
  const used = new Set([...design.nodes.map((n) => n.id), ...taken]);
  for (let i = 1; ; i++) {
    const id = `${stem}_${i}`;
    if (!used.has(id)) return id;
  }
}

export function newEdgeId(design: Design, e: Omit<DesignEdge, 'id'>, taken: Set<string> = new Set()): string {
  const base = `e_${e.source}.${e.sourcePort}-${e.target}.${e.targetPort}`;
  const used = new Set([...design.edges.map((x) => x.id), ...taken]);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function addNode(design: Design, node: Omit<DesignNode, 'id'> & { id?: string }): { design: Design; id: string } {
  const id = node.id ?? newNodeId(design, node.kind);
  return { design: { ...design, nodes: [...design.nodes, { ...node, id, params: { ...node.params }, position: { ...node.position } }] }, id };
}

export function addEdge(design: Design, e: Omit<DesignEdge, 'id'>): { design: Design; id: string } {
  const id = newEdgeId(design, e);
  return { design: { ...design, edges: [...design.edges, { ...e, id }] }, id };
}

/** Remove nodes (and every edge touching them) and edges. */
export function removeElements(design: Design, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Design {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    ...design,
    nodes: design.nodes.filter((n) => !nodes.has(n.id)),
    edges: design.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export function moveNodes(design: Design, positions: Record<string, Position>): Design {
  return { ...design, nodes: design.nodes.map((n) => (positions[n.id] ? { ...n, position: { ...positions[n.id] } } : n)) };
}

export function updateNode(design: Design, id: string, patch: Partial<Pick<DesignNode, 'params' | 'label'>>): Design {
  return { ...design, nodes: design.nodes.map((n) => (n.id === id ? { ...n, ...patch, params: patch.params ? { ...patch.params } : n.params } : n)) };
}

export function setParam(design: Design, id: string, name: string, value: unknown): Design {
  return {
    ...design,
    nodes: design.nodes.map((n) => {
      if (n.id !== id) return n;
      const params = { ...n.params };
      if (value === undefined) delete params[name];
      else params[name] = value;
      return { ...n, params };
    }),
  };
}

/** Ids of nodes downstream of `from` (inclusive). */
export function downstream(design: Design, from: string): Set<string> {
  const out = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of design.edges) {
      if (e.source === id && !out.has(e.target)) {
        out.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return out;
}

/** The datasets a design's nodes name (heads and inputs), in first-seen order. */
export function datasetsOf(design: Design): string[] {
  const out: string[] = [];
  for (const n of design.nodes) {
    const d = n.params?.dataset;
    if (typeof d === 'string' && d && !out.includes(d)) out.push(d);
  }
  return out;
}
