// The design validator: pure, never throws on any JSON. Reports every problem naming its node, and computes
// each node's output shapes, params and multiply-adds, each edge's shape, and the totals.
import type { DatasetInfo, FeatureSpec } from './dataset.js';
import { buildGraph, nodeName, problemMessage, type GNode, type Graph } from './catalog/graph.js';
import { checkHeadBinding } from './catalog/layers/taskHead.js';
import { checkInputBinding, inputSources } from './catalog/layers/input.js';
import { computeRoutes, type RouteFail, type Routes } from './catalog/routing.js';
import { flatError } from './catalog/common.js';
import { nest, type Msg, type MsgArgs } from './catalog/messages.js';
import type { ShapeContext } from './catalog/types.js';
import type { DesignNode } from './design.js';
import { formatShape, shapesEqual } from './shapes.js';
import { estimateMemory, formatBytes } from './budget.js';
import type { NodeFacts, Problem, Shape, ValidationResult } from './problems.js';

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

function problem(severity: Problem['severity'], p: Omit<Problem, 'severity' | 'message'>): Problem {
  return { severity, ...p, message: problemMessage(p) };
}

/** Args of a binding problem of a head or an Input: the node, and the binding phrase as {detail}. */
function bindingArgs(n: GNode, code: string, m: Msg): MsgArgs {
  return { ...(code === 'bad-param' ? { variant: 'binding' } : {}), node: nodeName(n), ...nest(m) };
}

function safeMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** With a memory budget (bytes), a design whose estimated training memory exceeds it is an error on the node that needs the most. */
export interface ValidateOptions {
  memoryBudget?: number;
  batchSize?: number;
  optimizer?: { name?: string; momentum?: number };
}

export function validateDesign(design: unknown, datasets: DatasetInfo[], opts: ValidateOptions = {}): ValidationResult {
  const problems: Problem[] = [];
  try {
    const result = validate(design, asDatasets(datasets), problems);
    return opts.memoryBudget !== undefined && result.ok ? checkBudget(result, opts, design) : result;
  } catch (e) {
    // A bug in a catalog entry must not take the editor down: report it instead.
    const args = { variant: 'validator', error: safeMessage(e) };
    problems.push({ severity: 'error', code: 'internal', message: problemMessage({ code: 'internal', args }), args });
    return emptyResult(problems);
  }
}

function checkBudget(result: ValidationResult, opts: ValidateOptions, design: unknown): ValidationResult {
  const est = estimateMemory(result.nodes, opts);
  if (est.bytes <= opts.memoryBudget! || !est.dominant) return result;
  const d = est.dominant;
  const raw = (design as { nodes: DesignNode[] }).nodes.find((n) => n.id === d.nodeId);
  const args = {
    node: raw ? nodeName({ id: raw.id, kind: { kind: raw.kind } }) : `'${d.nodeId}'`,
    total: formatBytes(est.bytes),
    batch: est.batchSize,
    budget: formatBytes(opts.memoryBudget!),
    nodeBytes: formatBytes(d.bytes),
    params: result.nodes[d.nodeId].params.toLocaleString('en-US'),
    activations: d.activationsPerSample.toLocaleString('en-US'),
  };
  const p = problem('error', { code: 'over-budget', nodeId: d.nodeId, args });
  return { ...result, ok: false, problems: [p, ...result.problems] };
}

function validate(design: unknown, datasets: DatasetInfo[], problems: Problem[]): ValidationResult {
  const graph = buildGraph(design, problems);
  if (!graph) return emptyResult(problems);
  const error = (p: Omit<Problem, 'severity' | 'message'>) => problems.push(problem('error', p));
  const warn = (p: Omit<Problem, 'severity' | 'message'>) => problems.push(problem('warning', p));

  for (const cycle of graph.cycles) {
    const path = [...cycle, cycle[0]].map((id) => `'${id}'`).join(' → ');
    error({
      code: 'cycle',
      nodeId: cycle[0],
      args:
        cycle.length === 1
          ? { variant: 'self', node: nodeName(graph.nodes.get(cycle[0])!) }
          : { variant: 'loop', path, length: cycle.length },
    });
  }

  // Heads: bindings, and which datasets they use.
  const heads = [...graph.nodes.values()].filter((n) => n.kind.kind === 'TaskHead');
  if (heads.length === 0) {
    error({ code: 'no-heads', args: {} });
  }
  const headOk = new Set<string>();
  const taskSeen = new Map<string, string>();
  for (const h of heads) {
    const bind = checkHeadBinding(h.params, datasets);
    for (const b of bind) error({ code: b.code, nodeId: h.id, args: bindingArgs(h, b.code, b.msg) });
    if (bind.some((b) => b.code !== 'bad-param')) continue;
    const key = `${h.params.dataset}\u0000${h.params.task}`;
    const prev = taskSeen.get(key);
    if (prev !== undefined) {
      error({
        code: 'duplicate-task',
        nodeId: h.id,
        args: { node: nodeName(h), task: String(h.params.task), dataset: String(h.params.dataset), other: prev },
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
  const ids = new Map<string, IdFeature>();
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
      warn({ code: 'dead-end', nodeId: n.id, args: { node: nodeName(n) } });
    } else if (n.ports.outputs.length > 1) {
      for (const port of n.ports.outputs) {
        if (!n.out.some((e) => e.sourcePort === port)) {
          warn({ code: 'unused-output', nodeId: n.id, args: { node: nodeName(n), port } });
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

/** The id feature an id-carrying node carries. */
interface IdFeature {
  kind: string;
  name: string;
}

/** Kinds that pass integer ids through unchanged (only an Embedding turns ids into vectors). */
const KEEPS_IDS = new Set(['Reshape', 'Flatten']);

/**
 * Integer ids (a categorical or text feature) go into an Embedding, maybe through a Reshape or Flatten;
 * an Embedding takes nothing else. Other layers cannot compute on ids (the engine refuses int tensors),
 * and an Embedding fed numbers would look up rows that do not exist. `ids` maps the id-carrying nodes to
 * the feature they carry. Returns the problem's phrase, or null.
 */
function idsProblem(n: GNode, datasets: DatasetInfo[], headDatasets: string[] | undefined, ids: Map<string, IdFeature>): Msg | null {
  const kind = n.kind.kind;
  if (kind === 'Input') {
    const src = inputSources(n.params, datasets, headDatasets);
    if (src.length > 0 && src.every((s) => s.feature.kind === 'categorical' || s.feature.kind === 'text')) {
      ids.set(n.id, { kind: src[0].feature.kind, name: src[0].feature.name });
    }
    return null;
  }
  const edges = n.in.flat();
  const withIds = edges.filter((e) => ids.has(e.source.id));
  if (n.kind.takesIds) {
    const other = edges.find((e) => !ids.has(e.source.id));
    if (other) {
      return { key: 'infer.ids-numbers', args: { from: other.source.id } };
    }
    return null;
  }
  if (withIds.length === 0) return null;
  if (KEEPS_IDS.has(kind) && withIds.length === edges.length) {
    ids.set(n.id, ids.get(withIds[0].source.id)!);
    return null;
  }
  const from = withIds[0].source.id;
  const f = ids.get(from)!;
  return { key: 'infer.ids-into', args: { from, $featureKind: `featureKind.${f.kind}`, feature: f.name } };
}

/** Infers one node; false when it (or something before it) has a problem. */
function inferNode(
  n: GNode,
  datasets: DatasetInfo[],
  headDatasets: string[] | undefined,
  facts: Record<string, NodeFacts>,
  problems: Problem[],
  ids: Map<string, IdFeature>,
): boolean {
  const error = (code: string, args: MsgArgs) => problems.push(problem('error', { code, nodeId: n.id, args }));
  /** A shape-mismatch (or other) problem worded as the node's name and a phrase. */
  const say = (code: string, m: Msg) => error(code, { node: name, ...nest(m) });
  const name = nodeName(n);
  const isHead = n.kind.kind === 'TaskHead';

  if (n.kind.kind === 'Input') {
    const bind = checkInputBinding(n.params, datasets, headDatasets);
    for (const b of bind) error(b.code, bindingArgs(n, b.code, b.msg));
    if (bind.length) return false;
  }

  // Gather the shapes on each port.
  const inputs: Shape[][] = [];
  const features: FeatureSpec[][][] = [];
  let upstreamOk = true;
  n.ports.inputs.forEach((port, i) => {
    const edges = n.in[i];
    if (edges.length === 0) {
      error('unconnected-port', { variant: isHead ? 'head' : 'layer', node: name, port: port.name });
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
      const pairs = edges.map((e, j) => `'${e.source.id}' ${formatShape(shapes[j])}`).join(', ');
      say('shape-mismatch', { key: 'infer.routes', args: { port: port.name, list, pairs } });
      upstreamOk = false;
      return;
    }
    inputs.push(port.multiple ? shapes : [shapes[0]]);
    features.push(port.multiple ? feats : [feats.flat()]);
  });
  if (!upstreamOk) return false;

  const idsError = idsProblem(n, datasets, headDatasets, ids);
  if (idsError) {
    say('shape-mismatch', idsError);
    return false;
  }

  if (!n.paramsOk) return false;

  if (isHead && checkHeadBinding(n.params, datasets).some((b) => b.code !== 'bad-param')) {
    // Still tell the user if the input shape is wrong.
    const err = flatError(inputs[0]?.[0]);
    if (err) say('shape-mismatch', err.msg);
    return false;
  }

  const node: DesignNode = { id: n.id, kind: n.kind.kind, params: n.params, position: { x: 0, y: 0 } };
  const ctx: ShapeContext = { datasets, node, headDatasets, inputFeatures: features };
  let r;
  try {
    r = n.kind.inferShapes(inputs, n.params, ctx);
  } catch (e) {
    error('internal', { variant: 'infer', node: name, error: safeMessage(e) });
    return false;
  }
  if ('error' in r) {
    if (r.msg) say('shape-mismatch', r.msg);
    else error('shape-mismatch', { node: name, error: r.error, $detail: 'infer.other' });
    return false;
  }
  let params = 0;
  let macs = 0;
  try {
    params = n.kind.countParams(inputs, n.params, ctx);
    macs = n.kind.countMacs(inputs, n.params, ctx);
  } catch (e) {
    error('internal', { variant: 'cost', node: name, error: safeMessage(e) });
  }
  facts[n.id] = {
    outputShapes: r.outputs,
    params: Number.isFinite(params) ? params : 0,
    macs: Number.isFinite(macs) ? macs : 0,
  };
  return true;
}

function routeProblem(h: GNode, f: RouteFail, graph: Graph, dataset: string): Problem {
  const node = nodeName(h);
  const at = (id: string) => {
    const n = graph.nodes.get(id);
    return n ? nodeName(n) : `'${id}'`;
  };
  if (f.kind === 'ambiguous') {
    const from = f.from.map((x) => `'${x}'`);
    return problem('error', {
      code: 'head-two-routes',
      nodeId: h.id,
      args: { node, dataset, count: f.from.length, at: at(f.at), port: f.port, from: from.join(', '), fromAnd: from.join(' and ') },
    });
  }
  let where: MsgArgs = { $where: 'route.unconnected', at: at(f.at) };
  if (f.kind === 'input') {
    where = f.dataset
      ? { $where: 'route.bound', at: at(f.at), bound: f.dataset }
      : { $where: 'route.lacks', at: at(f.at), feature: f.feature };
  } else if (f.kind === 'none') {
    where = { $where: 'route.none', at: at(f.at), port: f.port, from: f.from.map((x) => `'${x}'`).join(', ') };
  }
  return problem('error', { code: 'head-no-route', nodeId: h.id, args: { node, dataset, ...where } });
}
