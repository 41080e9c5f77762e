// A small helper to put designs together in code, and a left-to-right layered layout.
import { defaultParams } from '../catalog/registry.js';
import type { Design, DesignEdge, DesignNode } from '../design.js';

/** Where an edge leaves a node. */
export interface Ref {
  id: string;
  port: string;
}

export class DesignBuilder {
  readonly nodes: DesignNode[] = [];
  readonly edges: DesignEdge[] = [];
  private ids = new Set<string>();

  /** Adds a node (params over the kind's defaults) and returns its id (made unique). */
  add(kind: string, idHint: string, params: Record<string, unknown> = {}, label?: string): string {
    const base = idHint.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || kind.toLowerCase();
    let id = base;
    for (let i = 2; this.ids.has(id); i++) id = `${base}_${i}`;
    this.ids.add(id);
    this.nodes.push({ id, kind, params: { ...defaultParams(kind), ...params }, position: { x: 0, y: 0 }, ...(label ? { label } : {}) });
    return id;
  }

  connect(from: Ref | string, to: string, targetPort = 'in'): void {
    const src = typeof from === 'string' ? { id: from, port: 'out' } : from;
    this.edges.push({ id: `e${this.edges.length + 1}`, source: src.id, sourcePort: src.port, target: to, targetPort });
  }

  /** Adds a node fed by `from` and returns it as a Ref on 'out'. */
  chain(from: Ref | string, kind: string, idHint: string, params: Record<string, unknown> = {}, label?: string): Ref {
    const id = this.add(kind, idHint, params, label);
    this.connect(from, id);
    return { id, port: 'out' };
  }

  build(name: string, notes?: string): Design {
    const design: Design = { version: 1, name, nodes: this.nodes, edges: this.edges, ...(notes ? { notes } : {}) };
    layout(design);
    return design;
  }
}

export const COLUMN_WIDTH = 220;
export const ROW_HEIGHT = 120;

/** Places nodes left to right by longest path from the inputs; within a column, ordered by their sources' rows. */
export function layout(design: Design): void {
  const byId = new Map(design.nodes.map((n, i) => [n.id, { n, i, layer: 0, y: 0 }]));
  const preds = new Map<string, string[]>();
  for (const e of design.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    (preds.get(e.target) ?? preds.set(e.target, []).get(e.target)!).push(e.source);
  }
  // Longest-path layering (the graph is a DAG; a guard stops cycles).
  const memo = new Map<string, number>();
  const depth = (id: string, guard: Set<string>): number => {
    if (memo.has(id)) return memo.get(id)!;
    if (guard.has(id)) return 0;
    guard.add(id);
    const d = Math.max(-1, ...(preds.get(id) ?? []).map((p) => depth(p, guard))) + 1;
    guard.delete(id);
    memo.set(id, d);
    return d;
  };
  const layers: { n: DesignNode; i: number; layer: number; y: number }[][] = [];
  for (const v of byId.values()) {
    v.layer = depth(v.n.id, new Set());
    (layers[v.layer] ??= []).push(v);
  }
  for (const layer of layers) {
    if (!layer) continue;
    const key = (v: { n: DesignNode; i: number }) => {
      const ps = (preds.get(v.n.id) ?? []).map((p) => byId.get(p)!.y);
      return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : v.i;
    };
    const keyed = layer.map((v) => ({ v, k: key(v) }));
    keyed.sort((a, b) => a.k - b.k || a.v.i - b.v.i);
    keyed.forEach(({ v }, j) => {
      v.y = j - (keyed.length - 1) / 2;
      v.n.position = { x: v.layer * COLUMN_WIDTH, y: Math.round(v.y * ROW_HEIGHT) };
    });
  }
}
