// Auto-layout with dagre: top to bottom, inputs first, heads last; positions snapped to the grid. Given the view's
// size, a long design is folded into side-by-side bands of layers, so that it fits the view at a readable zoom.
import { Graph, layout } from '@dagrejs/dagre';
import type { Design, Position } from '../../shared/design.js';
import { HEAD_KIND } from '../../shared/design.js';
import { getKind } from './catalog.js';

export const GRID = 16;

export function snap(v: number, grid = GRID): number {
  return Math.round(v / grid) * grid;
}

export function layoutDesign(
  design: Design,
  size: (id: string) => { width: number; height: number } = () => ({ width: 200, height: 90 }),
  opts: { rankdir?: 'TB' | 'LR'; nodesep?: number; ranksep?: number; fit?: { width: number; height: number } } = {},
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
  return opts.fit && (opts.rankdir ?? 'TB') === 'TB' ? fold(design, out, size, opts.fit) : out;
}

/** The zoom at which these boxes fit a view of `fit` (with the 15% padding the canvas uses). */
function fitZoom(boxes: { x: number; y: number; w: number; h: number }[], fit: { width: number; height: number }): number {
  const w = Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...boxes.map((b) => b.x));
  const h = Math.max(...boxes.map((b) => b.y + b.h)) - Math.min(...boxes.map((b) => b.y));
  return Math.min(fit.width / (w * 1.15), fit.height / (h * 1.15));
}

/**
 * A tall design folded into k bands of consecutive layers placed left to right, k chosen for the largest zoom at
 * which the whole design fits the view (never more than the text needs: beyond zoom 1 nothing is gained).
 */
function fold(design: Design, pos: Record<string, Position>, size: (id: string) => { width: number; height: number }, fit: { width: number; height: number }): Record<string, Position> {
  const ids = design.nodes.map((n) => n.id);
  if (ids.length < 4) return pos;
  const ranks = [...new Set(ids.map((id) => pos[id].y))].sort((a, b) => a - b);
  const boxesOf = (p: Record<string, Position>) => ids.map((id) => ({ x: p[id].x, y: p[id].y, w: size(id).width, h: size(id).height }));
  let best = { zoom: fitZoom(boxesOf(pos), fit), pos };
  for (let k = 2; k <= Math.min(5, Math.floor(ranks.length / 2)); k++) {
    const per = Math.ceil(ranks.length / k);
    const band = (id: string) => Math.floor(ranks.indexOf(pos[id].y) / per);
    const next: Record<string, Position> = {};
    let offset = 0;
    for (let b = 0; b < k; b++) {
      const members = ids.filter((id) => band(id) === b);
      if (!members.length) continue;
      const minX = Math.min(...members.map((id) => pos[id].x));
      const maxX = Math.max(...members.map((id) => pos[id].x + size(id).width));
      const top = Math.min(...members.map((id) => pos[id].y));
      for (const id of members) next[id] = { x: snap(pos[id].x - minX + offset), y: snap(pos[id].y - top) };
      offset += maxX - minX + 96;
    }
    const zoom = fitZoom(boxesOf(next), fit);
    if (zoom > best.zoom + 0.02 && best.zoom < 1) best = { zoom, pos: next };
  }
  return best.pos;
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

/** A node's drawn size before it is measured (for laying out designs that arrive from elsewhere). */
export function estimateSize(d: Design, id: string): { width: number; height: number } {
  const n = d.nodes.find((x) => x.id === id);
  const k = n ? getKind(n.kind) : undefined;
  if (k?.block) return { width: 280, height: 96 };
  return { width: 236, height: n?.kind === HEAD_KIND ? 92 : 76 };
}

/** Whether any two nodes, at their estimated sizes, cover each other (a design made elsewhere: CLI, API, an old file). */
export function overlapping(d: Design): boolean {
  const boxes = d.nodes.map((n) => ({ ...n.position, ...estimateSize(d, n.id) }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) return true;
    }
  }
  return false;
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
