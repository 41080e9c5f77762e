// The design validator: pure, never throws on any JSON. Reports every problem naming its node, and computes
// each node's output shapes, params and multiply-adds, each edge's shape, and the totals.
import type { DatasetInfo, FeatureSpec } from './dataset.js';
import { buildGraph, nodeName, type GNode, type Graph } from './catalog/graph.js';
import { checkHeadBinding } from './catalog/layers/taskHead.js';
import { checkInputBinding, inputSources } from './catalog/layers/input.js';
import { computeRoutes, type RouteFail, type Routes } from './catalog/routing.js';
import { flatError } from './catalog/common.js';
import type { ShapeContext } from './catalog/types.js';
import type { DesignNode } from './design.js';
import { formatShape, shapesEqual } from './shapes.js';
import type { NodeFacts, Problem, Shape, ValidationResult } from './validation.js';

export { buildGraph } from './catalog/graph.js';

function emptyResult(problems: Problem[]): ValidationResult {
  return { ok: false, problems, nodes: {}, edgeShapes: {}, totals: { params: 0, macs: 0 } };
}

function asDatasets(datasets: unknown): DatasetInfo[] {
  if (!Array.isArray(datasets)) return [];
  return datasets.filter(
    (d): d is DatasetInfo =>
      d !== null && typeof d === 'object' && typeof d.id === 'string' && Array.isArray(d.features) && Array.isArray(d.tasks),
  );
}

function sev(p: Problem): number {
  return p.severity === 'error' ? 0 : 1;
}

function safeMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function validateDesign(design: unknown, datasets: DatasetInfo[]): ValidationResult {
  const problems: Problem[] = [];
  try {
    return validate(design, asDatasets(datasets), problems);
  } catch (e) {
    // A bug in a catalog entry must not take the editor down: report it instead.
    problems.push({ severity: 'error', code: 'internal', message: `The validator failed: ${safeMessage(e)}` });
    return emptyResult(problems);
  }
}

function validate(design: unknown, datasets: DatasetInfo[], problems: Problem[]): ValidationResult {
  const graph = buildGraph(design, problems);
  if (!graph) return emptyResult(problems);
  const error = (p: Omit<Problem, 'severity'>) => problems.push({ severity: 'error', ...p });
  const warn = (p: Omit<Problem, 'severity'>) => problems.push({ severity: 'warning', ...p });

  for (const cycle of graph.cycles) {
    const path = [...cycle, cycle[0]].map((id) => `'${id}'`).join(' → ');
    error({
      code: 'cycle',
      nodeId: cycle[0],
      message:
        cycle.length === 1
          ? `${nodeName(graph.nodes.get(cycle[0])!)} feeds itself: delete the edge from its output to its input`
          : `Nodes ${path} form a cycle: delete one of these edges (data must flow from inputs to heads)`,
    });
  }

  // Heads: bindings, and which datasets they use.
  const heads = [...graph.nodes.values()].filter((n) => n.kind.kind === 'TaskHead');
  if (heads.length === 0) {
    error({ code: 'no-heads', message: 'The design has no task head: add a TaskHead for each task to train' });
  }
  const headOk = new Set<string>();
  const taskSeen = new Map<string, string>();
  for (const h of heads) {
    const bind = checkHeadBinding(h.params, datasets);
    for (const b of bind) error({ code: b.code, nodeId: h.id, message: `${nodeName(h)} ${b.message}` });
    if (bind.some((b) => b.code !== 'bad-param')) continue;
    const key = `${h.params.dataset}\u0000${h.params.task}`;
    const prev = taskSeen.get(key);
    if (prev !== undefined) {
      error({
        code: 'duplicate-task',
        nodeId: h.id,
        message: `${nodeName(h)} predicts task '${h.params.task}' of '${h.params.dataset}', as head '${prev}' does: bind it to another task or delete it`,
      });
      continue;
    }
    taskSeen.set(key, h.id);
    headOk.add(h.id);
  }
  const headDatasets = [...new Set(heads.filter((h) => headOk.has(h.id)).map((h) => h.params.dataset as string))];
  const headDs = headDatasets.length ? headDatasets : undefined;

  // Shapes, params and costs in topological order.
  const facts: Record<string, NodeFacts> = {};
  const edgeShapes: Record<string, Shape> = {};
  const ids = new Map<string, string>();
  for (const n of graph.order) inferNode(n, datasets, headDs, facts, problems, ids);
  for (const e of graph.edges) {
    const s = facts[e.source.id]?.outputShapes[e.sourcePort];
    if (s) edgeShapes[e.id] = s;
  }

  // Routes of each head's dataset.
  const routesByDs = new Map<string, Routes>();
  for (const d of headDatasets) routesByDs.set(d, computeRoutes(graph, d, datasets));
  for (const h of heads) {
    if (!headOk.has(h.id)) continue;
    const r = routesByDs.get(h.params.dataset as string)!;
    const f = r.failed.get(h.id);
    if (f && f.kind !== 'broken') problems.push(routeProblem(h, f, graph, h.params.dataset as string));
  }

  // Loose ends (warnings).
  for (const n of graph.nodes.values()) {
    if (n.kind.kind === 'TaskHead') continue;
    if (n.out.length === 0) {
      warn({
        code: 'dead-end',
        nodeId: n.id,
        message: `${nodeName(n)} leads nowhere: connect its output towards a task head, or delete it`,
      });
    } else if (n.ports.outputs.length > 1) {
      for (const port of n.ports.outputs) {
        if (!n.out.some((e) => e.sourcePort === port)) {
          warn({
            code: 'unused-output',
            nodeId: n.id,
            message: `${nodeName(n)} output '${port}' is not connected: connect it to its task's head, or lower numTasks`,
          });
        }
      }
    }
  }

  // Errors first, then in the design's node order (design-level problems first).
  const rank = (p: Problem) => (p.nodeId !== undefined ? (graph.nodes.get(p.nodeId)?.index ?? -1) : -1);
  const sorted = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => sev(a.p) - sev(b.p) || rank(a.p) - rank(b.p) || a.i - b.i)
    .map((x) => x.p);
  problems.splice(0, problems.length, ...sorted);

  let params = 0;
  let macs = 0;
  for (const f of Object.values(facts)) {
    params += f.params;
    macs += f.macs;
  }
  return {
    ok: !problems.some((p) => p.severity === 'error'),
    problems,
    nodes: facts,
    edgeShapes,
    totals: { params, macs },
  };
}

/** Kinds that pass integer ids through unchanged (only an Embedding turns ids into vectors). */
const KEEPS_IDS = new Set(['Reshape', 'Flatten']);

/**
 * Integer ids (a categorical or text feature) go into an Embedding, maybe through a Reshape or Flatten;
 * an Embedding takes nothing else. Other layers cannot compute on ids (the engine refuses int tensors),
 * and an Embedding fed numbers would look up rows that do not exist. `ids` maps the id-carrying nodes to
 * the feature they carry. Returns an error message, or null.
 */
function idsProblem(n: GNode, datasets: DatasetInfo[], headDatasets: string[] | undefined, ids: Map<string, string>): string | null {
  const kind = n.kind.kind;
  if (kind === 'Input') {
    const src = inputSources(n.params, datasets, headDatasets);
    if (src.length > 0 && src.every((s) => s.feature.kind === 'categorical' || s.feature.kind === 'text')) {
      ids.set(n.id, `${src[0].feature.kind} feature '${src[0].feature.name}'`);
    }
    return null;
  }
  const edges = n.in.flat();
  const withIds = edges.filter((e) => ids.has(e.source.id));
  if (kind === 'Embedding') {
    const other = edges.find((e) => !ids.has(e.source.id));
    if (other) {
      return `needs integer ids but gets numbers from '${other.source.id}': feed it a categorical or text Input (directly, or through a Reshape or Flatten)`;
    }
    return null;
  }
  if (withIds.length === 0) return null;
  if (KEEPS_IDS.has(kind) && withIds.length === edges.length) {
    ids.set(n.id, ids.get(withIds[0].source.id)!);
    return null;
  }
  const from = withIds[0].source.id;
  return `gets integer ids from '${from}' (${ids.get(from)}), which it cannot compute on: put an Embedding between them`;
}

/** Infers one node; false when it (or something before it) has a problem. */
function inferNode(
  n: GNode,
  datasets: DatasetInfo[],
  headDatasets: string[] | undefined,
  facts: Record<string, NodeFacts>,
  problems: Problem[],
  ids: Map<string, string>,
): boolean {
  const error = (code: string, message: string) => problems.push({ severity: 'error', code, nodeId: n.id, message });
  const name = nodeName(n);
  const isHead = n.kind.kind === 'TaskHead';

  if (n.kind.kind === 'Input') {
    const bind = checkInputBinding(n.params, datasets, headDatasets);
    for (const b of bind) error(b.code, `${name} ${b.message}`);
    if (bind.length) return false;
  }

  // Gather the shapes on each port.
  const inputs: Shape[][] = [];
  const features: FeatureSpec[][][] = [];
  let upstreamOk = true;
  n.ports.inputs.forEach((port, i) => {
    const edges = n.in[i];
    if (edges.length === 0) {
      error(
        'unconnected-port',
        `${name} has nothing connected to its input '${port.name}': connect a layer${isHead ? " (the shared trunk's output)" : ''} to it`,
      );
      upstreamOk = false;
      return;
    }
    const shapes: Shape[] = [];
    const feats: FeatureSpec[][] = [];
    for (const e of edges) {
      const s = facts[e.source.id]?.outputShapes[e.sourcePort];
      if (!s) {
        upstreamOk = false;
        return;
      }
      shapes.push(s);
      feats.push(
        e.source.kind.kind === 'Input' ? inputSources(e.source.params, datasets, headDatasets).map((x) => x.feature) : [],
      );
    }
    if (!port.multiple && shapes.length > 1 && shapes.some((s) => !shapesEqual(s, shapes[0]))) {
      const list = edges.map((e, j) => `${formatShape(shapes[j])} from '${e.source.id}'`).join(', ');
      error(
        'shape-mismatch',
        `${name} gets different shapes on the routes into '${port.name}' (${list}): every dataset's branch must end in the same shape here (e.g. a Dense of the same units)`,
      );
      upstreamOk = false;
      return;
    }
    inputs.push(port.multiple ? shapes : [shapes[0]]);
    features.push(port.multiple ? feats : [feats.flat()]);
  });
  if (!upstreamOk) return false;

  const idsError = idsProblem(n, datasets, headDatasets, ids);
  if (idsError) {
    error('shape-mismatch', `${name} ${idsError}`);
    return false;
  }

  if (!n.paramsOk) return false;

  if (isHead && checkHeadBinding(n.params, datasets).some((b) => b.code !== 'bad-param')) {
    // Still tell the user if the input shape is wrong.
    const err = flatError(inputs[0]?.[0]);
    if (err) error('shape-mismatch', `${name} ${err}`);
    return false;
  }

  const node: DesignNode = { id: n.id, kind: n.kind.kind, params: n.params, position: { x: 0, y: 0 } };
  const ctx: ShapeContext = { datasets, node, headDatasets, inputFeatures: features };
  let r;
  try {
    r = n.kind.inferShapes(inputs, n.params, ctx);
  } catch (e) {
    error('internal', `${name} could not be inferred: ${safeMessage(e)}`);
    return false;
  }
  if ('error' in r) {
    error('shape-mismatch', `${name} ${r.error}`);
    return false;
  }
  let params = 0;
  let macs = 0;
  try {
    params = n.kind.countParams(inputs, n.params, ctx);
    macs = n.kind.countMacs(inputs, n.params, ctx);
  } catch (e) {
    error('internal', `${name} could not be costed: ${safeMessage(e)}`);
  }
  facts[n.id] = {
    outputShapes: r.outputs,
    params: Number.isFinite(params) ? params : 0,
    macs: Number.isFinite(macs) ? macs : 0,
  };
  return true;
}

function routeProblem(h: GNode, f: RouteFail, graph: Graph, dataset: string): Problem {
  const name = nodeName(h);
  const at = (id: string) => {
    const n = graph.nodes.get(id);
    return n ? nodeName(n) : `'${id}'`;
  };
  if (f.kind === 'ambiguous') {
    const merge = 'if they should be combined, join them with a Concatenate or Add';
    return {
      severity: 'error',
      code: 'head-two-routes',
      nodeId: h.id,
      message: `${name} (dataset '${dataset}') has ${f.from.length} routes into ${at(f.at)} input '${f.port}' (from ${f.from
        .map((x) => `'${x}'`)
        .join(' and ')}): a dataset must reach a layer through exactly one branch; bind those branches' inputs to different datasets, or ${merge}`,
    };
  }
  let where = `${at(f.at)} is not connected`;
  if (f.kind === 'input') {
    where = f.dataset
      ? `${at(f.at)} is bound to dataset '${f.dataset}'`
      : `${at(f.at)} takes feature '${f.feature}', which '${dataset}' lacks`;
  } else if (f.kind === 'none') {
    where = `none of the branches into ${at(f.at)} input '${f.port}' (from ${f.from.map((x) => `'${x}'`).join(', ')}) starts at inputs of '${dataset}'`;
  }
  return {
    severity: 'error',
    code: 'head-no-route',
    nodeId: h.id,
    message: `${name} (dataset '${dataset}') cannot be fed: ${where}. Add an input branch for '${dataset}', or bind the input to '${dataset}' (or to any dataset, '')`,
  };
}
