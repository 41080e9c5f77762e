// Design -> tfjs: one tf.LayersModel per dataset route, from that dataset's Inputs to its heads, built from
// one set of layer objects so that a layer on several routes has one set of weights. The routing (which edge
// feeds each port for a dataset) is the catalog's, the same the validator checks.
import type * as tfNs from '@tensorflow/tfjs';
import { headLoss, headMetrics, headOutputActivation, headTask, headUnits, inputSources } from '../../../shared/catalog/index.js';
import { buildGraph, type GNode } from '../../../shared/catalog/graph.js';
import { computeRoutes, routedPath, type RouteFail } from '../../../shared/catalog/routing.js';
import type { DatasetInfo, FeatureSpec } from '../../../shared/dataset.js';
import type { Design } from '../../../shared/design.js';
import { HEAD_KIND, INPUT_KIND } from '../../../shared/design.js';
import { headKeys } from '../../../shared/heads.js';
import type { Problem } from '../../../shared/problems.js';
import { getBuilder } from './layers/index.js';
import { ConvPool2D, convPoolPlan } from './custom/convPool.js';
import { convPoolAvailable } from '../kernels/conv-pool.js';
import { deriveSeed, safeName } from './seeds.js';
import type { BuildOptions, BuiltModel, HeadBinding, NodeContext, NodeLayers, Route, Tf } from './types.js';

type SymbolicTensor = tfNs.SymbolicTensor;
type Tensor = tfNs.Tensor;
type Variable = tfNs.Variable;
type Layer = tfNs.layers.Layer;

function describeFail(f: RouteFail | undefined, dataset: string): string {
  if (!f) return 'no route';
  switch (f.kind) {
    case 'input':
      return `Input '${f.at}' cannot be fed from dataset '${dataset}' (it takes ${f.dataset ? `dataset '${f.dataset}'` : 'any dataset'}, feature '${f.feature}')`;
    case 'none':
      return `no edge into port '${f.port}' of '${f.at}' can be fed from dataset '${dataset}'`;
    case 'ambiguous':
      return `port '${f.port}' of '${f.at}' has several edges dataset '${dataset}' can feed (${f.from.join(', ')})`;
    case 'broken':
      return `'${f.at}' has an unconnected input or lies on a cycle`;
  }
}

function variablesOf(layers: Layer[]): Variable[] {
  return layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as Variable));
}

export function buildModel(tf: Tf, design: Design, datasets: DatasetInfo[], opts: BuildOptions): BuiltModel {
  const problems: Problem[] = [];
  const graph = buildGraph(design, problems);
  if (!graph) throw new Error(`Cannot build: ${problems[0]?.message ?? 'not a design'}`);
  if (graph.cycles.length) throw new Error(`Cannot build: the design has a cycle through ${graph.cycles[0].join(' -> ')}`);

  // Heads and their bindings, in design order.
  const headNodes = design.nodes.filter((n) => n.kind === HEAD_KIND).map((n) => graph.nodes.get(n.id)).filter((n): n is GNode => !!n);
  if (headNodes.length === 0) throw new Error('Cannot build: the design has no task head');
  const rawHeads = headNodes.map((n) => {
    const task = headTask(n.params, datasets);
    if (!task) throw new Error(`Cannot build: TaskHead '${n.id}' is bound to no task of the chosen datasets`);
    return { id: n.id, dataset: String(n.params.dataset), task: task.name, spec: task, params: n.params };
  });
  const keys = headKeys(rawHeads);
  const heads: HeadBinding[] = rawHeads.map((h, i) => ({
    nodeId: h.id,
    key: keys[i],
    dataset: h.dataset,
    task: h.task,
    spec: h.spec,
    lossWeight: typeof h.params.lossWeight === 'number' ? h.params.lossWeight : 1,
    loss: headLoss(h.params, h.spec),
    metrics: headMetrics(h.params, h.spec),
    units: headUnits(h.spec),
    outputActivation: headOutputActivation(h.spec),
  }));
  const keyOf = new Map(heads.map((h) => [h.nodeId, h.key]));
  const headDatasets = [...new Set(heads.map((h) => h.dataset))];

  // One NodeLayers per node, created the first time a route reaches it.
  const usedNames = new Set<string>();
  const created = new Map<string, NodeLayers>();
  const creationOrder: string[] = [];
  const layersOf = (n: GNode): NodeLayers => {
    let nl = created.get(n.id);
    if (nl) return nl;
    const builder = getBuilder(n.kind.kind);
    if (!builder) throw new Error(`Cannot build: no model builder for layer kind '${n.kind.kind}' (node '${n.id}')`);
    const base = safeName(n.id);
    const inputFeatures: FeatureSpec[][][] = n.in.map((edges) =>
      edges.map((e) => (e.source.kind.kind === INPUT_KIND ? inputSources(e.source.params, datasets, headDatasets).map((s) => s.feature) : [])),
    );
    const ctx: NodeContext = {
      tf,
      node: design.nodes.find((d) => d.id === n.id)!,
      params: n.params as Record<string, any>,
      datasets,
      headDatasets,
      seed: (role) => deriveSeed(opts.seed, n.id, role),
      name: (role) => {
        let name = `${base}.${role}`;
        for (let i = 2; usedNames.has(name); i++) name = `${base}.${role}_${i}`;
        usedNames.add(name);
        return name;
      },
      task: n.kind.kind === HEAD_KIND ? headTask(n.params, datasets) : undefined,
      inputFeatures,
    };
    nl = builder.create(ctx);
    created.set(n.id, nl);
    creationOrder.push(n.id);
    return nl;
  };

  // Conv2D → MaxPool2D (→ relu) stages whose inner outputs feed nothing else, keyed by the stage's last node: where
  // the backend has the kernel, each route that runs one gets a second model for its training forward pass, the
  // same layers with the stage as one layer (model/custom/convPool.ts, no weights of its own).
  const stages = new Map<string, { conv: GNode; pool: GNode; relu: GNode | null }>();
  if (opts.fuseStages !== false && convPoolAvailable()) {
    for (const n of graph.nodes.values()) {
      if (n.kind.kind !== 'Conv2D' || n.out.length !== 1 || n.out[0].target.kind.kind !== 'MaxPool2D') continue;
      const pool = n.out[0].target;
      const next = pool.out.length === 1 ? pool.out[0].target : null;
      const relu = next && next.kind.kind === 'Activation' && next.params.activation === 'relu' ? next : null;
      stages.set((relu ?? pool).id, { conv: n, pool, relu });
    }
  }
  const stageLayers = new Map<string, ConvPool2D | null>();
  const stageLayer = (last: string): ConvPool2D | null => {
    if (stageLayers.has(last)) return stageLayers.get(last)!;
    const st = stages.get(last)!;
    const one = (n: GNode | null) => (n ? created.get(n.id)?.layers() : []);
    const [conv, pool, relu] = [one(st.conv), one(st.pool), one(st.relu)];
    let layer: ConvPool2D | null = null;
    if (conv?.length === 1 && pool?.length === 1 && relu?.length === (st.relu ? 1 : 0) && convPoolPlan(conv[0], pool[0], relu[0] ?? null)) {
      layer = new ConvPool2D(conv[0], pool[0], relu[0] ?? null, `${conv[0].name}.pooled`);
    }
    stageLayers.set(last, layer);
    return layer;
  };

  const routes: Route[] = [];
  const models: Record<string, tfNs.LayersModel> = {};
  const trainingModels: Record<string, tfNs.LayersModel> = {};
  const routeInputs: Record<string, { nodeId: string; feature: string }[]> = {};
  const symbolic: Record<string, Map<string, Record<string, SymbolicTensor>>> = {};
  const nodeShapes: Record<string, Record<string, Record<string, (number | null)[]>>> = {};
  /** Per head key: the trainable variables its forward pass uses. */
  const headVars = new Map<string, Set<Variable>>();

  // Building a layer runs its initializers; some of tfjs' own leave temporaries behind (LSTM's forget-gate
  // bias), so the construction runs in a tidy scope. Variables outlive it.
  const buildRoute = (dataset: string) => {
    const r = computeRoutes(graph, dataset, datasets);
    const dsHeads = headNodes.filter((n) => n.params.dataset === dataset);
    for (const h of dsHeads) {
      if (!r.chosen.has(h.id)) {
        throw new Error(`Cannot build: TaskHead '${h.id}' (dataset '${dataset}') has no route from its inputs: ${describeFail(r.failed.get(h.id), dataset)}`);
      }
    }
    const memo = new Map<string, Record<string, SymbolicTensor>>();
    const inputs: { nodeId: string; feature: string; sym: SymbolicTensor }[] = [];
    const visiting = new Set<string>();
    const outputsOf = (n: GNode): Record<string, SymbolicTensor> => {
      const have = memo.get(n.id);
      if (have) return have;
      if (visiting.has(n.id)) throw new Error(`Cannot build: cycle through '${n.id}'`);
      visiting.add(n.id);
      const chosen = r.chosen.get(n.id) ?? [];
      const ins = chosen.map((edges) => edges.map((e) => outputsOf(e.source)[e.sourcePort]));
      const nl = layersOf(n);
      const outs = nl.apply(ins, { dataset });
      if (nl.featureFor) inputs.push({ nodeId: n.id, feature: nl.featureFor(dataset).name, sym: outs.out });
      visiting.delete(n.id);
      memo.set(n.id, outs);
      return outs;
    };
    const outs = dsHeads.map((h) => outputsOf(h).out);
    models[dataset] = tf.model({ inputs: inputs.map((i) => i.sym), outputs: outs, name: `route_${safeName(dataset)}` });

    // The training model: the same nodes applied once more, each stage the route runs whole as one layer.
    const chosenFrom = (n: GNode, from: GNode) => r.chosen.get(n.id)?.[0]?.[0]?.source.id === from.id;
    const runs = (last: string) => {
      const st = stages.get(last);
      return !!st && r.chosen.has(last) && chosenFrom(st.pool, st.conv) && (!st.relu || chosenFrom(st.relu, st.pool)) && !!stageLayer(last);
    };
    if ([...stages.keys()].some(runs)) {
      const memo2 = new Map<string, Record<string, SymbolicTensor>>();
      const fastOf = (n: GNode): Record<string, SymbolicTensor> => {
        const have = memo2.get(n.id) ?? (n.kind.kind === INPUT_KIND ? memo.get(n.id) : undefined);
        if (have) return have;
        let outs2: Record<string, SymbolicTensor>;
        if (runs(n.id)) {
          const conv = stages.get(n.id)!.conv;
          const e = r.chosen.get(conv.id)![0][0];
          outs2 = { out: stageLayer(n.id)!.apply(fastOf(e.source)[e.sourcePort]) as SymbolicTensor };
        } else {
          const ins = (r.chosen.get(n.id) ?? []).map((edges) => edges.map((e) => fastOf(e.source)[e.sourcePort]));
          outs2 = created.get(n.id)!.apply(ins, { dataset });
        }
        memo2.set(n.id, outs2);
        return outs2;
      };
      const fastOuts = dsHeads.map((h) => fastOf(h).out);
      trainingModels[dataset] = tf.model({ inputs: inputs.map((i) => i.sym), outputs: fastOuts, name: `route_${safeName(dataset)}_training` });
    }
    routeInputs[dataset] = inputs.map(({ nodeId, feature }) => ({ nodeId, feature }));
    symbolic[dataset] = memo;
    nodeShapes[dataset] = Object.fromEntries(
      [...memo].map(([id, outs]) => [id, Object.fromEntries(Object.entries(outs).map(([port, t]) => [port, t.shape.slice(1)]))]),
    );
    routes.push({ dataset, features: [...new Set(inputs.map((i) => i.feature))], heads: dsHeads.map((h) => keyOf.get(h.id)!) });

    // Which weights each head's path uses: every weight of a node on the path, except that an MTL block
    // contributes only the weights behind the output ports the path leaves it by.
    const edgeById = new Map(graph.edges.map((e) => [e.id, e]));
    for (const h of dsHeads) {
      const path = routedPath(r, h.id)!;
      const ports = new Map<string, Set<string>>();
      for (const eid of path.edges) {
        const e = edgeById.get(eid)!;
        if (!ports.has(e.source.id)) ports.set(e.source.id, new Set());
        ports.get(e.source.id)!.add(e.sourcePort);
      }
      const vars = new Set<Variable>();
      for (const id of path.nodes) {
        const nl = created.get(id)!;
        const vs = nl.weightsForPorts ? nl.weightsForPorts([...(ports.get(id) ?? [])]) : variablesOf(nl.layers());
        for (const v of vs) vars.add(v);
      }
      headVars.set(keyOf.get(h.id)!, vars);
    }
  };
  for (const dataset of headDatasets) tf.tidy(() => buildRoute(dataset));

  // Every layer once, in creation order; every weight once, in layer order.
  const allLayers: Layer[] = [];
  const seenLayers = new Set<Layer>();
  for (const id of creationOrder) {
    for (const l of created.get(id)!.layers()) {
      if (!seenLayers.has(l)) {
        seenLayers.add(l);
        allLayers.push(l);
      }
    }
  }
  const ordered = variablesOf(allLayers);
  const variableHeads: Record<string, string[]> = {};
  for (const v of ordered) variableHeads[v.name] = heads.map((h) => h.key).filter((k) => headVars.get(k)?.has(v));
  const sharedVariables = ordered.filter((v) => variableHeads[v.name].length >= 2);
  const taskVariables: Record<string, Variable[]> = {};
  for (const h of heads) taskVariables[h.key] = ordered.filter((v) => variableHeads[v.name].length === 1 && variableHeads[v.name][0] === h.key);
  const allVariables = [...sharedVariables, ...heads.flatMap((h) => taskVariables[h.key])];
  const stateVariables = allLayers.flatMap((l) => l.nonTrainableWeights.map((w) => w.read() as Variable));

  const feed = (dataset: string, batch: Record<string, Tensor>): Tensor[] =>
    routeInputs[dataset].map(({ feature }) => {
      const t = batch[feature];
      if (!t) throw new Error(`forward('${dataset}') needs feature '${feature}'`);
      return t;
    });
  const probeModels = new Map<string, { model: tfNs.LayersModel; where: [string, string][] }>();

  let disposed = false;
  return {
    heads,
    routes,
    models,
    trainingModels,
    sharedVariables,
    taskVariables,
    allVariables,
    stateVariables,
    variableHeads,
    forward(dataset, batch, training) {
      const model = (training && trainingModels[dataset]) || models[dataset];
      if (!model) throw new Error(`No route for dataset '${dataset}': the design's heads use ${headDatasets.join(', ')}`);
      const out = model.apply(feed(dataset, batch), { training }) as Tensor | Tensor[];
      const list = Array.isArray(out) ? out : [out];
      const keysOfRoute = routes.find((r) => r.dataset === dataset)!.heads;
      const res: Record<string, Tensor> = {};
      keysOfRoute.forEach((k, i) => (res[k] = list[i]));
      return res;
    },
    nodeShapes,
    probe(dataset, batch, nodeIds, training = false) {
      const memo = symbolic[dataset];
      if (!memo) throw new Error(`No route for dataset '${dataset}'`);
      const key = `${dataset}\u0000${nodeIds.join('\u0000')}`;
      let pm = probeModels.get(key);
      if (!pm) {
        const where: [string, string][] = [];
        const outs: SymbolicTensor[] = [];
        for (const id of nodeIds) for (const [port, t] of Object.entries(memo.get(id) ?? {})) {
          where.push([id, port]);
          outs.push(t);
        }
        const inputs = routeInputs[dataset].map(({ nodeId }) => memo.get(nodeId)!.out);
        pm = { model: tf.model({ inputs, outputs: outs }), where };
        probeModels.set(key, pm);
      }
      const res: Record<string, Record<string, Tensor>> = {};
      if (pm.where.length === 0) return res;
      const out = pm.model.apply(feed(dataset, batch), { training }) as Tensor | Tensor[];
      const list = Array.isArray(out) ? out : [out];
      pm.where.forEach(([id, port], i) => ((res[id] ??= {})[port] = list[i]));
      return res;
    },
    countParams() {
      return allLayers.reduce((s, l) => s + l.countParams(), 0);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const l of allLayers) {
        for (const w of l.weights) {
          const v = w.read();
          if (!v.isDisposed) v.dispose();
        }
      }
    },
  };
}
