// Auto-layout with dagre: top to bottom, inputs first, heads last; positions snapped to the grid.
import { Graph, layout } from '@dagrejs/dagre';
import type { Design, Position } from '../../shared/design.js';

export const GRID = 16;

export function snap(v: number, grid = GRID): number {
  return Math.round(v / grid) * grid;
}

export function layoutDesign(
  design: Design,
  size: (id: string) => { width: number; height: number } = () => ({ width: 200, height: 90 }),
  opts: { rankdir?: 'TB' | 'LR'; nodesep?: number; ranksep?: number } = {},
): Record<string, Position> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: opts.rankdir ?? 'TB', nodesep: opts.nodesep ?? 32, ranksep: opts.ranksep ?? 44, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of design.nodes) g.setNode(n.id, { ...size(n.id) });
  for (const e of design.edges) g.setEdge(e.source, e.target, { width: 60, height: 16, labelpos: 'c' }, e.id);
  layout(g);
  const out: Record<string, Position> = {};
  for (const n of design.nodes) {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    out[n.id] = { x: snap(p.x - p.width / 2), y: snap(p.y - p.height / 2) };
  }
  return out;
}
