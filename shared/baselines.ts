// Single-task baselines: from an MTL design, one design per head holding only what that head's forward pass
// uses (the routed path from its inputs), with MTL blocks reduced to that one task.
import { describedDataset, type DatasetInfo } from './dataset.js';
import type { Design, DesignEdge, DesignNode } from './design.js';
import { buildGraph, type GEdge, type GNode } from './catalog/graph.js';
import { stitchInputs } from './catalog/layers/crossStitch.js';
import { computeRoutes } from './catalog/routing.js';

export interface SingleTaskDesign {
  task: string;
  dataset: string;
  /** The head's id in the MTL design (and in this one). */
  headId: string;
  design: Design;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Datasets good enough for routing when the caller has none: every Input feature, in every head's dataset. */
function pseudoDatasets(design: Design): DatasetInfo[] {
  const features = [...new Set(design.nodes.filter((n) => n.kind === 'Input').map((n) => String(n.params?.feature ?? '')))];
  const ids = [...new Set(design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => String(n.params?.dataset ?? '')))];
  return ids.map((id) => describedDataset({
    id,
    features: features.map((name) => ({ name, kind: 'vector' as const, size: 1, columns: [] })),
    tasks: [],
  }));
}

/**
 * One single-task design per routable head, in the design's head order. Pass the datasets for designs whose
 * Inputs use dataset '' across several datasets (routing looks features up in them).
 */
export function singleTaskDesigns(design: Design, datasets?: DatasetInfo[]): SingleTaskDesign[] {
  const graph = buildGraph(design);
  if (!graph) return [];
  const ds = datasets ?? pseudoDatasets(design);
  const rawNodes = new Map<string, DesignNode>();
  for (const n of design.nodes) if (isObj(n) && typeof n.id === 'string' && !rawNodes.has(n.id)) rawNodes.set(n.id, n);
  const heads = graph.order.filter((n) => n.kind.kind === 'TaskHead').sort((a, b) => a.index - b.index);
  const routesBy = new Map<string, ReturnType<typeof computeRoutes>>();
  const out: SingleTaskDesign[] = [];
  for (const head of heads) {
    const dataset = String(head.params.dataset ?? '');
    const task = String(head.params.task ?? '');
    const routes = routesBy.get(dataset) ?? computeRoutes(graph, dataset, ds);
    routesBy.set(dataset, routes);
    if (!routes.chosen.has(head.id)) continue;

    // Output ports used per node, walking back in reverse topological order.
    const used = new Map<GNode, Set<string>>([[head, new Set()]]);
    const keptEdges: GEdge[] = [];
    for (let i = graph.order.length - 1; i >= 0; i--) {
      const n = graph.order[i];
      const ports = used.get(n);
      if (!ports) continue;
      const chosen = routes.chosen.get(n.id) ?? [];
      const isStitch = n.kind.kind === 'CrossStitch';
      chosen.forEach((edges, p) => {
        if (isStitch && !ports.has(`task${p}`)) return;
        for (const e of edges) {
          keptEdges.push(e);
          const s = used.get(e.source) ?? new Set<string>();
          s.add(e.sourcePort);
          used.set(e.source, s);
        }
      });
    }

    // Rename block ports to task0.. in their old order.
    const rename = new Map<GNode, { out: Map<string, string>; in: Map<string, string> }>();
    const nodes: DesignNode[] = [];
    for (const n of [...used.keys()].sort((a, b) => a.index - b.index)) {
      const raw = rawNodes.get(n.id)!;
      const params: Record<string, unknown> = { ...n.params };
      if (n.kind.block) {
        const kept = [...used.get(n)!].map((p) => Number(p.slice(4))).sort((a, b) => a - b);
        const outMap = new Map(kept.map((k, j) => [`task${k}`, `task${j}`]));
        const inMap = new Map<string, string>();
        if (n.kind.kind === 'CrossStitch') {
          const ins = stitchInputs(Number(n.params.numTasks));
          kept.forEach((k, j) => inMap.set(ins[k], `in${j}`));
        }
        rename.set(n, { out: outMap, in: inMap });
        params.numTasks = kept.length;
      }
      if (n === head) params.lossWeight = 1;
      nodes.push({ ...raw, params });
    }
    const edges: DesignEdge[] = keptEdges
      .sort((a, b) => graph.edges.indexOf(a) - graph.edges.indexOf(b))
      .map((e) => ({
        id: e.id,
        source: e.source.id,
        sourcePort: rename.get(e.source)?.out.get(e.sourcePort) ?? e.sourcePort,
        target: e.target.id,
        targetPort: rename.get(e.target)?.in.get(e.targetPort) ?? e.targetPort,
      }));
    out.push({
      task,
      dataset,
      headId: head.id,
      design: {
        version: 1,
        name: `${design.name} · single task ${task}`,
        notes: `Single-task baseline of '${design.name}' for task '${task}' of dataset '${dataset}'.`,
        nodes,
        edges,
      },
    });
  }
  return out;
}
