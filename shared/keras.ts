// Export a design as Python code (tf.keras functional API) that builds the same network: every layer as a
// Keras layer object, MTL blocks as custom layer classes written into the code, one model per dataset the
// heads draw on (models of a multi-input design share their layer objects, hence their weights).
import type { Design } from './design.js';
import { buildGraph, type GNode } from './catalog/graph.js';
import { inputSources } from './catalog/layers/input.js';
import { headLoss, headMetrics, headOutputActivation, headTask, headUnits } from './catalog/layers/taskHead.js';
import { computeRoutes, routedPath } from './catalog/routing.js';
import { featureDtype } from './shapes.js';
import type { PyValue, ShapeContext } from './catalog/types.js';
import type { DatasetInfo, FeatureSpec } from './dataset.js';
import { validateDesign } from './validate.js';
import { KERAS_ATTENTION } from './keras-attention.js';

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield tf keras layers np model models input sum list dict len range max min abs print type id object map filter zip set str int float bool'.split(
    ' ',
  ),
);

/** A Python literal. */
export function py(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : v < 0 ? "float('-inf')" : "float('nan')";
    return String(v);
  }
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  return v.py;
}

function kwargs(k: Record<string, PyValue>): string[] {
  return Object.entries(k).map(([name, v]) => `${name}=${py(v)}`);
}

const LOSS_PY: Record<string, string> = {
  crossentropy: 'sparse_categorical_crossentropy',
  'binary-crossentropy': 'binary_crossentropy',
  mse: 'mse',
  mae: 'mae',
};

const METRIC_PY: Record<string, string | undefined> = {
  accuracy: "'accuracy'",
  auc: 'keras.metrics.AUC()',
  mse: "'mse'",
  mae: "'mae'",
  rmse: 'keras.metrics.RootMeanSquaredError()',
};

export const KERAS_BLOCKS = `
class MMoE(layers.Layer):
    """Multi-gate mixture of experts (Ma et al. 2018): Dense experts on one input, a softmax gate per task."""

    def __init__(self, num_tasks, num_experts, expert_units, expert_activation='relu', **kwargs):
        super().__init__(**kwargs)
        self.num_tasks, self.num_experts = num_tasks, num_experts
        self.expert_units, self.expert_activation = expert_units, expert_activation
        self.experts = [layers.Dense(expert_units, activation=expert_activation) for _ in range(num_experts)]
        self.gates = [layers.Dense(num_experts, activation='softmax') for _ in range(num_tasks)]

    def call(self, x):
        experts = tf.stack([f(x) for f in self.experts], axis=1)  # (batch, experts, units)
        return [tf.einsum('be,beu->bu', gate(x), experts) for gate in self.gates]

    def get_config(self):
        return {**super().get_config(), 'num_tasks': self.num_tasks, 'num_experts': self.num_experts,
                'expert_units': self.expert_units, 'expert_activation': self.expert_activation}


class PLE(layers.Layer):
    """Progressive layered extraction (Tang et al. 2020); levels=1 is CGC. At each level a task's gate mixes
    its own and the shared experts; all levels but the last also gate a shared output for the next level."""

    def __init__(self, num_tasks, levels, shared_experts, task_experts, expert_units, expert_activation='relu', **kwargs):
        super().__init__(**kwargs)
        self.num_tasks, self.levels = num_tasks, levels
        self.shared_experts, self.task_experts = shared_experts, task_experts
        self.expert_units, self.expert_activation = expert_units, expert_activation
        dense = lambda n, act: layers.Dense(n, activation=act)
        self.shared = [[dense(expert_units, expert_activation) for _ in range(shared_experts)] for _ in range(levels)]
        self.task = [[[dense(expert_units, expert_activation) for _ in range(task_experts)] for _ in range(num_tasks)]
                     for _ in range(levels)]
        self.task_gates = [[dense(task_experts + shared_experts, 'softmax') for _ in range(num_tasks)] for _ in range(levels)]
        self.shared_gates = [dense(shared_experts + num_tasks * task_experts, 'softmax') for _ in range(levels - 1)]

    def call(self, x):
        task_in, shared_in = [x] * self.num_tasks, x
        for level in range(self.levels):
            shared_out = [f(shared_in) for f in self.shared[level]]
            task_out = [[f(task_in[k]) for f in self.task[level][k]] for k in range(self.num_tasks)]
            mixed = []
            for k in range(self.num_tasks):
                experts = tf.stack(task_out[k] + shared_out, axis=1)
                mixed.append(tf.einsum('be,beu->bu', self.task_gates[level][k](task_in[k]), experts))
            if level < self.levels - 1:
                experts = tf.stack(shared_out + [e for outs in task_out for e in outs], axis=1)
                shared_in = tf.einsum('be,beu->bu', self.shared_gates[level](shared_in), experts)
            task_in = mixed
        return task_in

    def get_config(self):
        return {**super().get_config(), 'num_tasks': self.num_tasks, 'levels': self.levels,
                'shared_experts': self.shared_experts, 'task_experts': self.task_experts,
                'expert_units': self.expert_units, 'expert_activation': self.expert_activation}


class DSelectK(layers.Layer):
    """DSelect-k (Hazimeh et al. 2021): experts as MMoE's; per task k selectors of m = ceil(log2(n)) smooth-step
    bits each pick one expert (code c serves expert c mod n), a softmax over the selectors mixes the picks."""

    def __init__(self, num_tasks, num_experts, k, expert_units, expert_activation='relu', gamma=1.0, **kwargs):
        super().__init__(**kwargs)
        self.num_tasks, self.num_experts, self.k = num_tasks, num_experts, k
        self.expert_units, self.expert_activation, self.gamma = expert_units, expert_activation, gamma
        self.m = max(1, (num_experts - 1).bit_length())
        codes = 2 ** self.m
        self.bits = tf.constant([[(c >> j) & 1 for j in range(self.m)] for c in range(codes)], dtype='float32')
        self.fold = tf.constant([[1.0 if c % num_experts == i else 0.0 for i in range(num_experts)] for c in range(codes)])
        self.experts = [layers.Dense(expert_units, activation=expert_activation) for _ in range(num_experts)]
        self.selectors = [layers.Dense(k * self.m) for _ in range(num_tasks)]
        self.mixes = [layers.Dense(k, activation='softmax') for _ in range(num_tasks)]

    def call(self, x):
        experts = tf.stack([f(x) for f in self.experts], axis=1)  # (batch, experts, units)
        g, outs = self.gamma, []
        for selector, mix in zip(self.selectors, self.mixes):
            z = tf.clip_by_value(tf.reshape(selector(x), [-1, self.k, 1, self.m]), -g / 2, g / 2)
            s = z * z * z * (-2 / g ** 3) + z * (3 / (2 * g)) + 0.5  # the smooth step, per bit
            r = tf.reduce_prod(1 - self.bits + (2 * self.bits - 1) * s, axis=-1)  # (batch, k, codes)
            w = tf.einsum('bk,bkc,cn->bn', mix(x), r, self.fold)
            outs.append(tf.einsum('be,beu->bu', w, experts))
        return outs

    def get_config(self):
        return {**super().get_config(), 'num_tasks': self.num_tasks, 'num_experts': self.num_experts, 'k': self.k,
                'expert_units': self.expert_units, 'expert_activation': self.expert_activation, 'gamma': self.gamma}


class MTAN(layers.Layer):
    """MTAN (Liu et al. 2019) on a flat input: a shared trunk of Dense levels; per task and level an attention mask
    (Dense-ReLU, Dense-sigmoid) on [shared level; shared f(previous task feature)] gating the shared level."""

    def __init__(self, num_tasks, levels, units, activation='relu', **kwargs):
        super().__init__(**kwargs)
        self.num_tasks, self.levels, self.units, self.activation = num_tasks, levels, units, activation
        self.trunk = [layers.Dense(units, activation=activation) for _ in range(levels)]
        self.f = [layers.Dense(units, activation='relu') for _ in range(levels - 1)]
        self.att = [[(layers.Dense(units, activation='relu'), layers.Dense(units, activation='sigmoid')) for _ in range(levels)]
                    for _ in range(num_tasks)]

    def call(self, x):
        shared = []
        for level in self.trunk:
            x = level(x)
            shared.append(x)
        outs = []
        for att in self.att:
            t = None
            for l, (g1, g2) in enumerate(att):
                a = shared[l] if t is None else tf.concat([shared[l], self.f[l - 1](t)], axis=-1)
                t = g2(g1(a)) * shared[l]
            outs.append(t)
        return outs

    def get_config(self):
        return {**super().get_config(), 'num_tasks': self.num_tasks, 'levels': self.levels, 'units': self.units,
                'activation': self.activation}


class CrossStitch(layers.Layer):
    """Cross-stitch unit (Misra et al. 2016): output i = sum_j alpha[i, j] * input j, alpha a learned K x K matrix."""

    def __init__(self, num_tasks, **kwargs):
        super().__init__(**kwargs)
        self.num_tasks = num_tasks

    def build(self, input_shape):
        k = self.num_tasks
        init = [[0.9 if i == j else 0.1 / max(1, k - 1) for j in range(k)] for i in range(k)]
        self.alpha = self.add_weight(name='alpha', shape=(k, k), initializer=keras.initializers.Constant(init))

    def call(self, xs):
        k = self.num_tasks
        return [tf.add_n([self.alpha[i, j] * xs[j] for j in range(k)]) for i in range(k)]

    def get_config(self):
        return {**super().get_config(), 'num_tasks': self.num_tasks}
`;

/** Python code building the design with tf.keras. Throws an Error naming the first problem if the design is invalid. */
export function exportKeras(design: Design, datasets: DatasetInfo[]): string {
  const v = validateDesign(design, datasets);
  const firstError = v.problems.find((p) => p.severity === 'error');
  if (firstError) throw new Error(`Cannot export a design with problems: ${firstError.message}`);
  const graph = buildGraph(design)!;

  // Python names: one per node, unique.
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const n of graph.order) {
    let base = n.id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
    if (PY_KEYWORDS.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names.set(n.id, name);
  }
  const heads = graph.order.filter((n) => n.kind.kind === 'TaskHead').sort((a, b) => a.index - b.index);
  const headDatasets = [...new Set(heads.map((h) => String(h.params.dataset)))];
  const multi = headDatasets.length > 1;
  const usesLeaky = JSON.stringify(design.nodes.map((n) => n.params)).includes('leakyRelu');

  const ctxFor = (n: GNode): ShapeContext => ({
    datasets,
    node: { id: n.id, kind: n.kind.kind, params: n.params, position: { x: 0, y: 0 } },
    headDatasets,
    inputFeatures: n.in.map((edges) =>
      edges.map((e) => (e.source.kind.kind === 'Input' ? inputSources(e.source.params, datasets, headDatasets).map((s) => s.feature) : [] as FeatureSpec[])),
    ),
  });

  const out: string[] = [];
  out.push(`# Generated by MTL Workbench from design ${py(design.name)}.`);
  out.push(`# tf.keras functional API; ${v.totals.params} weights, ${v.totals.macs} multiply-adds per sample.`);
  out.push('import tensorflow as tf');
  out.push('from tensorflow import keras');
  out.push('from tensorflow.keras import layers');
  if (usesLeaky) out.push('# leakyRelu is written as tf.nn.leaky_relu (slope 0.2).');
  const classesAt = out.length; // the custom layer classes the model uses go here, once the body is written
  out.push('');
  out.push('');
  out.push(`def ${multi ? 'build_models' : 'build_model'}():`);
  const body: string[] = [];
  body.push('# Layers (each object is one set of weights, shared by every branch and model that calls it)');
  for (const n of graph.order) {
    const name = names.get(n.id)!;
    if (n.kind.kind === 'Input') continue;
    if (n.kind.kind === 'TaskHead') {
      const task = headTask(n.params, datasets)!;
      (n.params.hidden as number[]).forEach((u, i) => {
        body.push(`${name}_h${i + 1} = layers.Dense(${u}, activation=${py(pyAct(n.params.activation))}, name=${py(`${n.id}_h${i + 1}`)})`);
        if ((n.params.dropout as number) > 0) body.push(`${name}_d${i + 1} = layers.Dropout(${py(n.params.dropout as number)})`);
      });
      body.push(`${name} = layers.Dense(${headUnits(task)}, activation=${py(headOutputActivation(task))}, name=${py(n.id)})  # task ${py(task.name)}`);
      continue;
    }
    const k = n.kind.keras?.(n.params, ctxFor(n));
    if (!k) throw new Error(`Cannot export ${n.kind.kind} '${n.id}': the catalog has no Keras equivalent for it`);
    const args = [...(k.args ?? []).map(py), ...kwargs(k.kwargs), `name=${py(n.id)}`];
    body.push(`${name} = ${k.call}(${args.join(', ')})`);
  }

  const models: string[] = [];
  for (const d of headDatasets) {
    const routes = computeRoutes(graph, d, datasets);
    const dsHeads = heads.filter((h) => h.params.dataset === d);
    const inPath = new Set<string>();
    for (const h of dsHeads) for (const id of routedPath(routes, h.id)?.nodes ?? []) inPath.add(id);
    const sfx = multi ? `_${d.replace(/[^A-Za-z0-9_]/g, '_')}` : '';
    const t = (id: string) => `t_${names.get(id)}${sfx}`;
    body.push('');
    body.push(`# Forward pass for the tasks of dataset ${py(d)}`);
    const inputs: string[] = [];
    const outputs: string[] = [];
    const losses: string[] = [];
    const weights: string[] = [];
    const metrics: string[] = [];
    for (const n of graph.order) {
      if (!inPath.has(n.id)) continue;
      const name = names.get(n.id)!;
      const chosen = routes.chosen.get(n.id) ?? [];
      const ref = (e: { source: GNode; sourcePort: string }) => {
        const ports = e.source.ports.outputs;
        return ports.length > 1 ? `${t(e.source.id)}[${ports.indexOf(e.sourcePort)}]` : t(e.source.id);
      };
      if (n.kind.kind === 'Input') {
        const src = inputSources(n.params, datasets, [d])[0];
        const shape = v.nodes[n.id].outputShapes.out;
        body.push(
          `${t(n.id)} = keras.Input(shape=${pyTuple(shape as number[])}, dtype=${py(featureDtype(src.feature))}, name=${py(multi ? `${n.id}_${d}` : n.id)})  # feature ${py(src.feature.name)}`,
        );
        inputs.push(t(n.id));
        continue;
      }
      if (n.kind.kind === 'TaskHead') {
        const task = headTask(n.params, datasets)!;
        let x = ref(chosen[0][0]);
        (n.params.hidden as number[]).forEach((_, i) => {
          x = `${name}_h${i + 1}(${x})`;
          if ((n.params.dropout as number) > 0) x = `${name}_d${i + 1}(${x})`;
        });
        body.push(`${t(n.id)} = ${name}(${x})`);
        outputs.push(`${py(n.id)}: ${t(n.id)}`);
        losses.push(`${py(n.id)}: ${py(LOSS_PY[headLoss(n.params, task)] ?? headLoss(n.params, task))}`);
        weights.push(`${py(n.id)}: ${py(n.params.lossWeight as number)}`);
        const ms = headMetrics(n.params, task).map((m) => METRIC_PY[m]).filter((m): m is string => !!m);
        metrics.push(`${py(n.id)}: [${ms.join(', ')}]`);
        continue;
      }
      let arg: string;
      if (n.kind.kind === 'CrossStitch' || n.kind.merge) arg = `[${chosen.flat().map(ref).join(', ')}]`;
      else arg = ref(chosen[0][0]);
      body.push(`${t(n.id)} = ${name}(${arg})`);
    }
    const model = multi ? `model${sfx}` : 'model';
    body.push(`${model} = keras.Model(inputs=[${inputs.join(', ')}], outputs={${outputs.join(', ')}}, name=${py(multi ? `model${sfx}` : 'model')})`);
    body.push(`${model}.compile(`);
    body.push('    optimizer=keras.optimizers.Adam(1e-3),');
    body.push(`    loss={${losses.join(', ')}},`);
    body.push(`    loss_weights={${weights.join(', ')}},`);
    body.push(`    metrics={${metrics.join(', ')}},`);
    body.push(')');
    models.push(`${py(d)}: ${model}`);
  }
  body.push(multi ? `return {${models.join(', ')}}  # one model per dataset, sharing layers: train them in turn` : 'return model');
  for (const l of body) out.push(l ? `    ${l}` : '');
  out.splice(classesAt, 0, ...usedClasses([KERAS_BLOCKS, KERAS_ATTENTION], body.join('\n')));
  out.push('');
  out.push('');
  out.push("if __name__ == '__main__':");
  if (multi) {
    out.push('    for name, m in build_models().items():');
    out.push('        m.summary()');
  } else out.push('    build_model().summary()');
  out.push('');
  return out.join('\n');
}

/** The custom layer classes that `code` calls (and those they call), in source order; none that is unused. */
function usedClasses(sources: string[], code: string): string[] {
  const chunks = sources.flatMap((src) => src.split(/\n(?=class \w+\()/)).map((c) => c.trim()).filter((c) => c.startsWith('class '));
  const named = chunks.map((c) => ({ name: /^class (\w+)\(/.exec(c)![1], text: c }));
  const used = new Set<string>();
  let text = code;
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of named) {
      if (!used.has(c.name) && new RegExp(`\\b${c.name}\\(`).test(text)) {
        used.add(c.name);
        text += `\n${c.text}`;
        grew = true;
      }
    }
  }
  return named.filter((c) => used.has(c.name)).map((c) => `\n\n${c.text}`);
}

function pyTuple(xs: number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

function pyAct(a: unknown): PyValue {
  return a === 'leakyRelu' ? { py: 'tf.nn.leaky_relu' } : typeof a === 'string' ? a : 'linear';
}
