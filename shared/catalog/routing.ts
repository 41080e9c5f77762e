// Multi-input routing (see design.ts): for the heads of one dataset, which edge feeds each port.
// A merge port takes all its edges as operands; any other port takes the one edge whose upstream Inputs
// can all be fed from the dataset. Pure; works on a checked graph.
import type { DatasetInfo } from '../dataset.js';
import type { GEdge, GNode, Graph } from './graph.js';

export type RouteFail =
  /** An Input that this dataset cannot feed. */
  | { kind: 'input'; at: string; dataset: string; feature: string }
  /** A port none of whose edges can be fed from the dataset. */
  | { kind: 'none'; at: string; port: string; from: string[] }
  /** A non-merge port with two or more edges the dataset can feed. */
  | { kind: 'ambiguous'; at: string; port: string; from: string[] }
  /** Unconnected port, a cycle, or a node the graph left out: reported elsewhere. */
  | { kind: 'broken'; at: string };

export interface Routes {
  dataset: string;
  /** For each node that this dataset can feed: the edges used, per input port. */
  chosen: Map<string, GEdge[][]>;
  /** For each node it cannot feed: why (the first failure upstream). */
  failed: Map<string, RouteFail>;
}

/** Whether an Input with these params can be fed from this dataset. */
export function inputFeedable(params: Record<string, unknown>, dataset: DatasetInfo | undefined, datasetId: string): boolean {
  const bound = typeof params.dataset === 'string' ? params.dataset : '';
  if (bound) return bound === datasetId;
  const feature = typeof params.feature === 'string' ? params.feature : '';
  return !!dataset && dataset.features.some((f) => f.name === feature);
}

/** Routes of one dataset through the graph (nodes in topological order). */
export function computeRoutes(graph: Graph, datasetId: string, datasets: DatasetInfo[]): Routes {
  const ds = datasets.find((d) => d.id === datasetId);
  const chosen = new Map<string, GEdge[][]>();
  const failed = new Map<string, RouteFail>();
  const inOrder = new Set<GNode>(graph.order);
  const edgeOk = (e: GEdge) => chosen.has(e.source.id) && inOrder.has(e.source);
  for (const n of graph.order) {
    if (n.kind.kind === 'Input') {
      if (inputFeedable(n.params, ds, datasetId)) chosen.set(n.id, []);
      else {
        failed.set(n.id, {
          kind: 'input',
          at: n.id,
          dataset: typeof n.params.dataset === 'string' ? n.params.dataset : '',
          feature: typeof n.params.feature === 'string' ? n.params.feature : '',
        });
      }
      continue;
    }
    const use: GEdge[][] = [];
    let fail: RouteFail | undefined;
    n.ports.inputs.forEach((port, i) => {
      if (fail) return;
      const edges = n.in[i];
      if (edges.length === 0) {
        fail = { kind: 'broken', at: n.id };
        return;
      }
      if (port.multiple) {
        const bad = edges.find((e) => !edgeOk(e));
        if (bad) fail = failed.get(bad.source.id) ?? { kind: 'broken', at: n.id };
        else use.push(edges);
        return;
      }
      const ok = edges.filter(edgeOk);
      if (ok.length === 1) use.push(ok);
      else if (ok.length > 1) fail = { kind: 'ambiguous', at: n.id, port: port.name, from: ok.map((e) => e.source.id) };
      else if (edges.length === 1) fail = failed.get(edges[0].source.id) ?? { kind: 'broken', at: n.id };
      else {
        // Several alternatives, none feedable: an upstream ambiguity explains it best, else none here.
        const amb = edges.map((e) => failed.get(e.source.id)).find((f) => f?.kind === 'ambiguous');
        fail = amb ?? { kind: 'none', at: n.id, port: port.name, from: edges.map((e) => e.source.id) };
      }
    });
    if (fail) failed.set(n.id, fail);
    else chosen.set(n.id, use);
  }
  return { dataset: datasetId, chosen, failed };
}

/** The nodes and edges a node's forward pass uses for this dataset (the node included), or undefined if unroutable. */
export function routedPath(routes: Routes, nodeId: string): { nodes: Set<string>; edges: Set<string> } | undefined {
  if (!routes.chosen.has(nodeId)) return undefined;
  const nodes = new Set<string>([nodeId]);
  const edges = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const port of routes.chosen.get(id) ?? []) {
      for (const e of port) {
        edges.add(e.id);
        if (!nodes.has(e.source.id)) {
          nodes.add(e.source.id);
          stack.push(e.source.id);
        }
      }
    }
  }
  return { nodes, edges };
}
