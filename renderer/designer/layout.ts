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
  untangle(design, out);
  return out;
}

/**
 * dagre does not know where ports sit on a node: nodes fed by a block's task0, task1, … ports (side by side
 * on the same row) are put left to right in port order so their edges do not cross.
 */
function untangle(design: Design, pos: Record<string, Position>): void {
  for (const src of design.nodes) {
    const out = design.edges.filter((e) => e.source === src.id);
    const ports = [...new Set(out.map((e) => e.sourcePort))];
    if (ports.length < 2) continue;
    const targets = ports.map((p) => out.find((e) => e.sourcePort === p)!.target);
    if (new Set(targets).size !== targets.length) continue;
    const y = pos[targets[0]]?.y;
    if (targets.some((t) => !pos[t] || pos[t].y !== y)) continue;
    const order = ports.map((p, i) => ({ p, t: targets[i] })).sort((a, b) => a.p.localeCompare(b.p, 'en', { numeric: true }));
    const xs = targets.map((t) => pos[t].x).sort((a, b) => a - b);
    order.forEach((o, i) => (pos[o.t] = { x: xs[i], y }));
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The free spot nearest to `want` for a node of `size`: no overlap with any of `taken` (with a gap), so a
 * dropped node never hides another one or its ports. Snapped to the grid.
 */
export function freeSpot(want: Position, size: { width: number; height: number }, taken: Rect[], gap = GRID): Position {
  const clear = (p: Position) =>
    taken.every((r) => p.x + size.width + gap <= r.x || r.x + r.width + gap <= p.x || p.y + size.height + gap <= r.y || r.y + r.height + gap <= p.y);
  const start = { x: snap(want.x), y: snap(want.y) };
  if (clear(start)) return start;
  // rings of grid cells around the wanted spot, nearest first
  for (let ring = 1; ring <= 80; ring++) {
    const cells: Position[] = [];
    for (let i = -ring; i <= ring; i++) {
      cells.push({ x: start.x + i * GRID, y: start.y - ring * GRID }, { x: start.x + i * GRID, y: start.y + ring * GRID });
      if (Math.abs(i) !== ring) cells.push({ x: start.x - ring * GRID, y: start.y + i * GRID }, { x: start.x + ring * GRID, y: start.y + i * GRID });
    }
    cells.sort((a, b) => Math.hypot(a.x - start.x, a.y - start.y) - Math.hypot(b.x - start.x, b.y - start.y));
    const hit = cells.find(clear);
    if (hit) return hit;
  }
  return start;
}
