// Per-task gradients from one forward pass.
//
// tf.variableGrads records a tape, backpropagates from one scalar and throws the tape away, so K task
// gradients would cost K forward passes (and K draws of dropout, K updates of batch-norm statistics).
// Here the forward pass is recorded once with the engine's tape, then walked backward once per task
// loss. This uses tfjs-core's engine internals (startTape/endTape, state.activeTape, the tape nodes'
// gradient closures) the way Engine.gradients does; where they are missing (another tfjs version) it falls
// back to one tf.variableGrads per task.
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
  return e as EngineInternals;
}

/** Nodes of the tape that lie on a path from one of xs to y (as tfjs' own getFilteredNodesXToY). */
function pathNodes(tape: TapeNode[], xs: Set<number>, y: number): TapeNode[] {
  const fromX = new Set<number>(xs);
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) {
        for (const o of node.outputs) fromX.add(o.id);
        nodeFromX.add(node.id);
        break;
      }
    }
  }
  const toY = new Set<number>([y]);
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
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

/**
 * Runs `forward` once with gradient recording (it returns one scalar loss per task, plus anything else it
 * keeps itself) and returns, for each loss, its gradients with respect to `varsFor(i)`. Call inside tf.tidy:
 * the gradient tensors belong to the caller's scope.
 */
export function taskGradients(
  tf: Tf,
  forward: () => TaskForward,
  varsFor: (i: number) => Variable[],
): TaskGradientResult {
  const engine = engineOf(tf);
  if (!engine || engine.state.gradientDepth !== 0) return fallback(tf, forward, varsFor);
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
    const tape = engine.state.activeTape ?? [];
    const grads: Record<string, Tensor>[] = [];
    losses.forEach((loss, i) => {
      const vars = varsFor(i);
      const ids = new Set(vars.map((v) => v.id));
      const nodes = pathNodes(tape, ids, loss.id);
      const result = tf.tidy(() => {
        const acc = new Map<number, Tensor>([[loss.id, tf.onesLike(tf.scalar(0))]]);
        for (let n = nodes.length - 1; n >= 0; n--) {
          const node = nodes[n];
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
        const out: Record<string, Tensor> = {};
        for (const v of vars) {
          const g = acc.get(v.id);
          if (g) out[v.name] = g;
        }
        return out;
      });
      grads.push(result);
    });
    return { grads, extras, onePass: true };
  } finally {
    const tape = engine.state.activeTape;
    if (tape) for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
  }
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
