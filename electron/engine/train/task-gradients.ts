// Per-task gradients from one forward pass.
//
// tf.variableGrads records a tape, backpropagates from one scalar and throws the tape away, so K task
// gradients would cost K forward passes (and K draws of dropout, K updates of batch-norm statistics).
// Here the forward pass is recorded once with the engine's tape, then walked backward once per task
// loss. This uses tfjs-core's engine internals (startTape/endTape, state.activeTape, the tape nodes'
// gradient closures) the way Engine.gradients does; where they are missing (another tfjs version) it falls
// back to one tf.variableGrads per task.
//
// representationGradients goes further for strategies defined on the shared representation (MGDA-UB):
// each task's backward stops where the shared computation ends, and one backward of the combination runs
// through the shared trunk, so K tasks cost one trunk backward instead of K.
import type { Scalar, Tensor, Tf, Variable } from './tf.js';

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, Tensor>;
  outputs: Tensor[];
  gradient?: (dys: (Tensor | null)[]) => Record<string, () => Tensor>;
  saved?: Tensor[];
}

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  tidy<T>(name: string, f: () => T): T;
}

export interface TaskForward {
  /** One scalar loss per task. */
  losses: Scalar[];
  /** Anything else the caller wants out of the forward pass (predictions, loss values); kept for it. */
  extras?: Tensor;
}

export interface TaskGradientResult {
  /** Per loss (same order as returned by the forward function): variable name → gradient (missing = not connected). */
  grads: Record<string, Tensor>[];
  /** A copy of the forward pass's extras, outside any tidy scope: the caller disposes it. */
  extras: Tensor | null;
  /** True where one recorded forward pass served every task (false: the fallback, one pass per task). */
  onePass: boolean;
}

function engineOf(tf: Tf): EngineInternals | null {
  const e = tf.engine() as unknown as Partial<EngineInternals>;
  if (typeof e.startTape !== 'function' || typeof e.endTape !== 'function' || typeof e.scopedRun !== 'function' || !e.state) return null;
  if (e.state.gradientDepth !== 0) return null;
  return e as EngineInternals;
}

/** Nodes of the tape that lie on a path from one of xs to one of ys (as tfjs' own getFilteredNodesXToY). */
function pathNodes(tape: TapeNode[], xs: Set<number>, ys: Set<number>, keep: (n: TapeNode) => boolean = () => true): TapeNode[] {
  const fromX = new Set<number>(xs);
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    if (!keep(node)) continue;
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) {
        for (const o of node.outputs) fromX.add(o.id);
        nodeFromX.add(node.id);
        break;
      }
    }
  }
  const toY = new Set<number>(ys);
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (!keep(node)) continue;
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const name in node.inputs) toY.add(node.inputs[name].id);
      nodeToY.add(node.id);
    }
  }
  const out: TapeNode[] = [];
  for (const node of tape) {
    if (!nodeFromX.has(node.id) || !nodeToY.has(node.id)) continue;
    const inputs: Record<string, Tensor> = {};
    for (const name in node.inputs) if (fromX.has(node.inputs[name].id)) inputs[name] = node.inputs[name];
    out.push({ ...node, inputs });
  }
  return out;
}

/** Reverse accumulation over `nodes` from the seeded gradients; returns tensor id → gradient. Call inside tidy. */
function backprop(tf: Tf, nodes: TapeNode[], seeds: Map<number, Tensor>): Map<number, Tensor> {
  const acc = new Map<number, Tensor>(seeds);
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n];
    if (!node.outputs.some((o) => acc.has(o.id))) continue;
    const dys = node.outputs.map((o) => acc.get(o.id) ?? null);
    if (!node.gradient) throw new Error(`Cannot compute gradient: no gradient function for ${node.kernelName}`);
    const inputGrads = node.gradient(dys);
    for (const name in node.inputs) {
      const dx = tf.tidy(() => inputGrads[name]());
      const x = node.inputs[name];
      const cur = acc.get(x.id);
      acc.set(x.id, cur ? tf.add(cur, dx) : dx);
    }
  }
  return acc;
}

/** Records `forward` on the engine's tape; `use` runs while the tape is alive, then the tape is released. */
function withTape<T>(tf: Tf, engine: EngineInternals, forward: () => TaskForward, use: (tape: TapeNode[], losses: Scalar[], extras: Tensor | null) => T): T {
  let losses: Scalar[] = [];
  let extras: Tensor | null = null;
  try {
    engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () =>
        engine.tidy('forward', () => {
          const f = forward();
          losses = f.losses;
          // A clone shares the data but is not one of the tape's saved tensors (those are disposed below).
          if (f.extras) extras = tf.keep(f.extras.clone());
          // Only ids and shapes of the losses are needed from here on; the tape keeps what backprop needs.
          return losses[0];
        }),
    );
    return use(engine.state.activeTape ?? [], losses, extras);
  } finally {
    const tape = engine.state.activeTape;
    if (tape) for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
  }
}

function pick(acc: Map<number, Tensor>, vars: Variable[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const v of vars) {
    const g = acc.get(v.id);
    if (g) out[v.name] = g;
  }
  return out;
}

/**
 * Runs `forward` once with gradient recording (it returns one scalar loss per task, plus anything else it
 * keeps itself) and returns, for each loss, its gradients with respect to `varsFor(i)`. Call inside tf.tidy:
 * the gradient tensors belong to the caller's scope.
 */
export function taskGradients(tf: Tf, forward: () => TaskForward, varsFor: (i: number) => Variable[]): TaskGradientResult {
  const engine = engineOf(tf);
  if (!engine) return fallback(tf, forward, varsFor);
  return withTape(tf, engine, forward, (tape, losses, extras) => {
    const grads = losses.map((loss, i) => {
      const vars = varsFor(i);
      const nodes = pathNodes(tape, new Set(vars.map((v) => v.id)), new Set([loss.id]));
      return tf.tidy(() => pick(backprop(tf, nodes, new Map([[loss.id, tf.scalar(1)]])), vars));
    });
    return { grads, extras, onePass: true };
  });
}

/** One recorded forward pass per task (K forward passes): used only where the engine internals are missing. */
function fallback(tf: Tf, forward: () => TaskForward, varsFor: (i: number) => Variable[]): TaskGradientResult {
  const grads: Record<string, Tensor>[] = [];
  let extras: Tensor | null = null;
  let count = 1;
  for (let i = 0; i < count; i++) {
    const { grads: g } = tf.variableGrads(() => {
      const f = forward();
      count = f.losses.length;
      if (i === 0 && f.extras) extras = tf.keep(f.extras.clone());
      return f.losses[i];
    }, varsFor(i));
    grads.push(g);
  }
  return { grads, extras, onePass: false };
}

export interface RepresentationStep {
  /** Gram matrix of the tasks' gradients with respect to the shared representation (K×K). */
  gram: Tensor;
  /** The forward pass's extras (still owned by the call: read them inside `combine`). */
  extras: Tensor | null;
}

export interface RepresentationResult {
  /** Gradients of the shared variables under the combination Σ α_k L_k, and of each task's own variables. */
  grads: Record<string, Tensor>;
  alpha: number[] | null;
}

/**
 * Gradients on the shared representation: the forward pass is recorded once; the "representation" is the
 * cut where shared computation ends, i.e. every tensor computed from shared variables alone (no task's own
 * variable upstream) that feeds an op which also depends on a task's own variables (a head's first layer, an
 * MMoE gate's mixture). Each task's backward runs only from its loss down to that cut; `combine` gets the
 * Gram matrix of those representation gradients and returns α (or null to skip the update); one backward
 * of Σ α_k ∂L_k/∂z then runs through the shared trunk. Task-specific variables get their own task's
 * gradient. Returns null where the cut does not separate the shared variables from every loss (then use
 * taskGradients). Call inside tf.tidy.
 */
export function representationGradients(
  tf: Tf,
  forward: () => TaskForward,
  shared: Variable[],
  taskVars: (i: number) => Variable[],
  combine: (step: RepresentationStep) => number[] | null,
): RepresentationResult | null {
  const engine = engineOf(tf);
  if (!engine || shared.length === 0) return null;
  return withTape(tf, engine, forward, (tape, losses, extras) => {
    try {
      const sharedIds = new Set(shared.map((v) => v.id));
      const taskIds = new Set<number>();
      losses.forEach((_, i) => taskVars(i).forEach((v) => taskIds.add(v.id)));
      // forward sweep: which tensors depend on shared variables, which on task variables
      const fromShared = new Set<number>(sharedIds);
      const fromTask = new Set<number>(taskIds);
      for (const node of tape) {
        const ins = Object.values(node.inputs);
        const s = ins.some((t) => fromShared.has(t.id));
        const k = ins.some((t) => fromTask.has(t.id));
        for (const o of node.outputs) {
          if (s) fromShared.add(o.id);
          if (k) fromTask.add(o.id);
        }
      }
      if (!losses.every((l) => fromTask.has(l.id))) return null;
      // the cut: shared-only tensors consumed by task-dependent ops
      const cut = new Map<number, Tensor>();
      for (const node of tape) {
        if (!node.outputs.some((o) => fromTask.has(o.id))) continue;
        for (const t of Object.values(node.inputs)) if (fromShared.has(t.id) && !fromTask.has(t.id)) cut.set(t.id, t);
      }
      if (cut.size === 0) return null;
      const cutIds = new Set(cut.keys());
      const cutList = [...cut.values()];
      const taskSide = (n: TapeNode) => n.outputs.some((o) => fromTask.has(o.id));
      const trunkSide = (n: TapeNode) => !taskSide(n);

      // per task: backward from its loss to the cut (task-side ops only) and to its own variables
      const taskGrads: Record<string, Tensor>[] = [];
      const repRows: Tensor[] = [];
      const perCut: Map<number, Tensor>[] = [];
      losses.forEach((loss, i) => {
        const own = taskVars(i);
        const xs = new Set<number>([...cutIds, ...own.map((v) => v.id)]);
        const nodes = pathNodes(tape, xs, new Set([loss.id]), taskSide);
        const acc = backprop(tf, nodes, new Map([[loss.id, tf.scalar(1)]]));
        taskGrads.push(pick(acc, own));
        const m = new Map<number, Tensor>();
        for (const z of cutList) {
          const g = acc.get(z.id);
          if (g) m.set(z.id, g);
        }
        perCut.push(m);
        repRows.push(tf.concat(cutList.map((z) => (m.get(z.id) ?? tf.zeros(z.shape)).reshape([-1]))));
      });
      const r = tf.stack(repRows);
      const alpha = combine({ gram: tf.matMul(r, r, false, true), extras });
      const grads: Record<string, Tensor> = {};
      for (const g of taskGrads) for (const [name, t] of Object.entries(g)) grads[name] = grads[name] ? tf.add(grads[name], t) : t;
      if (!alpha) return { grads, alpha: null };
      // one backward of the combination through the trunk
      const seeds = new Map<number, Tensor>();
      for (const z of cutList) {
        const parts = perCut.map((m, i) => (m.has(z.id) && alpha[i] !== 0 ? tf.mul(m.get(z.id)!, alpha[i]) : null)).filter((x): x is Tensor => x !== null);
        if (parts.length > 0) seeds.set(z.id, parts.length === 1 ? parts[0] : tf.addN(parts));
      }
      const trunk = pathNodes(tape, sharedIds, cutIds, trunkSide);
      const acc = backprop(tf, trunk, seeds);
      Object.assign(grads, pick(acc, shared));
      return { grads, alpha };
    } finally {
      extras?.dispose();
    }
  });
}
