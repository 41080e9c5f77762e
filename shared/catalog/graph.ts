// A design read into a checked graph: nodes with their catalog kind and ports, edges attached to ports,
// a topological order, and the cycles. Reads any JSON without throwing; what it cannot use it reports.
import type { Problem } from '../problems.js';
import { en, nest, problemKey, type MsgArgs } from './messages.js';
import { getKind } from './registry.js';
import type { LayerKind, Ports } from './types.js';

export interface GNode {
  id: string;
  kind: LayerKind;
  /** Params with defaults filled in. */
  params: Record<string, unknown>;
  /** The params passed the kind's checks. */
  paramsOk: boolean;
  ports: Ports;
  /** Incoming edges per input port (ports.inputs order), in edge order. */
  in: GEdge[][];
  out: GEdge[];
  /** Index of the node in the design's node list. */
  index: number;
  label?: string;
}

export interface GEdge {
  id: string;
  source: GNode;
  sourcePort: string;
  target: GNode;
  targetPort: string;
  /** Index of targetPort in target.ports.inputs. */
  port: number;
}

export interface Graph {
  nodes: Map<string, GNode>;
  edges: GEdge[];
  /** Nodes in topological order; nodes on or after a cycle are left out. */
  order: GNode[];
  /** Each cycle's node ids, in edge order. */
  cycles: string[][];
  name: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function q(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** "Dense 'fc1'" */
export function nodeName(n: { id: string; kind: { kind: string } }): string {
  return `${n.kind.kind} '${n.id}'`;
}

/** The English of a problem from its code and args. */
export function problemMessage(p: { code: string; args?: MsgArgs }): string {
  return en(problemKey(p), p.args ?? {});
}

/** True when the value looks like a design (an object with node and edge lists). */
export function isDesignLike(design: unknown): design is { nodes: unknown[]; edges: unknown[] } {
  return isObj(design) && Array.isArray(design.nodes) && Array.isArray(design.edges);
}

/** Reads a design into a graph, adding a problem for everything it cannot use. */
export function buildGraph(design: unknown, problems: Problem[] = []): Graph | undefined {
  const err = (p: Omit<Problem, 'severity' | 'message'>) => problems.push({ severity: 'error', ...p, message: problemMessage(p) });
  if (!isDesignLike(design)) {
    err({
      code: 'not-a-design',
      args: isObj(design)
        ? { variant: 'object' }
        : Array.isArray(design)
          ? { variant: 'list' }
          : { variant: 'value', got: design === null ? 'null' : typeof design },
    });
    return undefined;
  }
  const d = design as Record<string, unknown> & { nodes: unknown[]; edges: unknown[] };
  if (d.version !== undefined && d.version !== 1) {
    err({ code: 'not-a-design', args: { variant: 'version', version: q(d.version) } });
  }
  const nodes = new Map<string, GNode>();
  const seen = new Set<string>();
  d.nodes.forEach((raw, index) => {
    if (!isObj(raw) || typeof raw.id !== 'string' || raw.id === '') {
      err({ code: 'bad-node', args: { index: index + 1 } });
      return;
    }
    const id = raw.id;
    if (seen.has(id)) {
      err({ code: 'duplicate-id', nodeId: id, args: { variant: 'node', id } });
      return;
    }
    seen.add(id);
    const kind = typeof raw.kind === 'string' ? getKind(raw.kind) : undefined;
    if (!kind) {
      err({ code: 'unknown-kind', nodeId: id, args: { id, kind: q(raw.kind) } });
      return;
    }
    let src: Record<string, unknown> = {};
    if (raw.params !== undefined && !isObj(raw.params)) {
      err({ code: 'bad-param', nodeId: id, args: { variant: 'params', node: nodeName({ id, kind }), id } });
    } else if (isObj(raw.params)) src = raw.params;
    const params = kind.withDefaults(src);
    const bad = kind.paramProblems(src); // the given values: an explicit null is refused, not defaulted
    for (const m of bad) err({ code: 'bad-param', nodeId: id, args: { variant: 'param', node: nodeName({ id, kind }), id, ...nest(m) } });
    const ports = kind.ports(params);
    nodes.set(id, {
      id,
      kind,
      params,
      paramsOk: bad.length === 0,
      ports,
      in: ports.inputs.map(() => []),
      out: [],
      index,
      label: typeof raw.label === 'string' ? raw.label : undefined,
    });
  });

  const edges: GEdge[] = [];
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  d.edges.forEach((raw, index) => {
    if (
      !isObj(raw) ||
      typeof raw.id !== 'string' ||
      typeof raw.source !== 'string' ||
      typeof raw.target !== 'string' ||
      typeof raw.sourcePort !== 'string' ||
      typeof raw.targetPort !== 'string'
    ) {
      err({ code: 'bad-edge', edgeId: isObj(raw) && typeof raw.id === 'string' ? raw.id : undefined, args: { index: index + 1 } });
      return;
    }
    const id = raw.id;
    if (edgeIds.has(id)) {
      err({ code: 'duplicate-id', edgeId: id, args: { variant: 'edge', id } });
      return;
    }
    edgeIds.add(id);
    const s = nodes.get(raw.source);
    const t = nodes.get(raw.target);
    for (const [end, node, nid] of [
      ['source', s, raw.source],
      ['target', t, raw.target],
    ] as const) {
      if (!node && !seen.has(nid)) {
        const other = end === 'source' ? raw.target : raw.source;
        err({
          code: 'edge-missing-node',
          edgeId: id,
          nodeId: nodes.has(other) ? other : undefined,
          args: { variant: end, edge: id, missing: q(nid) },
        });
      }
    }
    if (!s || !t) return; // missing, or a node already reported (unknown kind, duplicate)
    if (!s.ports.outputs.includes(raw.sourcePort)) {
      err({
        code: 'edge-missing-port',
        edgeId: id,
        nodeId: s.id,
        args: s.ports.outputs.length
          ? { variant: 'output', edge: id, node: nodeName(s), port: q(raw.sourcePort), ports: s.ports.outputs.join(', ') }
          : { variant: 'output-none', edge: id, node: nodeName(s), port: q(raw.sourcePort) },
      });
      return;
    }
    const port = t.ports.inputs.findIndex((p) => p.name === raw.targetPort);
    if (port < 0) {
      err({
        code: 'edge-missing-port',
        edgeId: id,
        nodeId: t.id,
        args: t.ports.inputs.length
          ? { variant: 'input', edge: id, node: nodeName(t), port: q(raw.targetPort), ports: t.ports.inputs.map((p) => p.name).join(', ') }
          : { variant: 'input-none', edge: id, node: nodeName(t), port: q(raw.targetPort) },
      });
      return;
    }
    const key = `${s.id}\u0000${raw.sourcePort}\u0000${t.id}\u0000${raw.targetPort}`;
    if (pairs.has(key) && !t.ports.inputs[port].multiple) {
      err({
        code: 'duplicate-edge',
        edgeId: id,
        nodeId: t.id,
        args: { edge: id, source: nodeName(s), target: nodeName(t) },
      });
      return;
    }
    pairs.add(key);
    const e: GEdge = { id, source: s, sourcePort: raw.sourcePort, target: t, targetPort: raw.targetPort, port };
    edges.push(e);
    s.out.push(e);
    t.in[port].push(e);
  });

  const { order, cycles } = topoSort(nodes);
  return { nodes, edges, order, cycles, name: typeof d.name === 'string' ? d.name : '' };
}

/** Kahn's order; the cycles among the rest by Tarjan's strongly connected components (iterative). */
function topoSort(nodes: Map<string, GNode>): { order: GNode[]; cycles: string[][] } {
  const indeg = new Map<GNode, number>();
  for (const n of nodes.values()) indeg.set(n, 0);
  for (const n of nodes.values()) for (const e of n.out) indeg.set(e.target, indeg.get(e.target)! + 1);
  const queue: GNode[] = [];
  for (const n of nodes.values()) if (indeg.get(n) === 0) queue.push(n);
  const order: GNode[] = [];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    order.push(n);
    for (const e of n.out) {
      const k = indeg.get(e.target)! - 1;
      indeg.set(e.target, k);
      if (k === 0) queue.push(e.target);
    }
  }
  if (order.length === nodes.size) return { order, cycles: [] };

  const rest = new Set([...nodes.values()].filter((n) => indeg.get(n)! > 0));
  const cycles: string[][] = [];
  const index = new Map<GNode, number>();
  const low = new Map<GNode, number>();
  const onStack = new Set<GNode>();
  const stack: GNode[] = [];
  let counter = 0;
  for (const root of rest) {
    if (index.has(root)) continue;
    const work: { n: GNode; i: number }[] = [{ n: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = top.n.out.map((e) => e.target).filter((m) => rest.has(m));
      if (top.i < succ.length) {
        const m = succ[top.i++];
        if (!index.has(m)) {
          index.set(m, counter);
          low.set(m, counter++);
          stack.push(m);
          onStack.add(m);
          work.push({ n: m, i: 0 });
        } else if (onStack.has(m)) low.set(top.n, Math.min(low.get(top.n)!, index.get(m)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].n;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.n)!));
      }
      if (low.get(top.n) === index.get(top.n)) {
        const comp: GNode[] = [];
        let m: GNode;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          comp.push(m);
        } while (m !== top.n);
        const selfLoop = comp.length === 1 && comp[0].out.some((e) => e.target === comp[0]);
        if (comp.length > 1 || selfLoop) cycles.push(cycleOrder(comp));
      }
    }
  }
  cycles.sort((a, b) => nodes.get(a[0])!.index - nodes.get(b[0])!.index);
  return { order, cycles };
}

/** The component's ids along one cycle through it, starting at its first node in design order. */
function cycleOrder(comp: GNode[]): string[] {
  const inComp = new Set(comp);
  const start = comp.reduce((a, b) => (a.index <= b.index ? a : b));
  // Walk edges inside the component until we return to the start (BFS parents give a shortest cycle).
  const parent = new Map<GNode, GNode>();
  const queue: GNode[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    for (const e of n.out) {
      const m = e.target;
      if (!inComp.has(m)) continue;
      if (m === start) {
        const path: GNode[] = [n];
        let p = n;
        while (p !== start) {
          p = parent.get(p)!;
          path.push(p);
        }
        return path.reverse().map((x) => x.id);
      }
      if (!parent.has(m)) {
        parent.set(m, n);
        queue.push(m);
      }
    }
  }
  return comp.map((n) => n.id);
}
