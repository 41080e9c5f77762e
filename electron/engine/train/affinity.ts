// TAG's lookahead inter-task affinity (Fifty et al., NeurIPS 2021, Eq. 1–2), measured on the current batch:
// Z_{i→j} = 1 − L_j(θ_s − η·∇_{θ_s}L_i, θ_j) / L_j(θ_s, θ_j). One recorded forward pass gives every task's
// gradient on the shared parameters; for each task i the shared weights move by −η·g_i, every task's loss is
// measured again, and the weights are put back. Inference mode (no dropout), so base and lookahead losses
// differ only by the step. One readback at the end. The formula and its cost: shared/affinity.ts.
import type { HeadBinding } from '../model/types.js';
import { forwardAll, type StepBatch, type StepContext } from './step.js';
import type { Tensor } from './tf.js';
import { taskGradients } from './task-gradients.js';

export interface AffinityMeasurement {
  heads: HeadBinding[];
  /** Task index (position in model.heads) of each head in `heads`. */
  tasks: number[];
  /** z[a][b]: affinity of heads[a]'s step onto heads[b]'s loss (NaN where a loss was 0 or not finite). */
  z: number[][];
}

export function lookaheadAffinity(ctx: StepContext, batches: StepBatch[], lr: number): AffinityMeasurement {
  const { tf, model } = ctx;
  const shared = model.sharedVariables;
  let heads: HeadBinding[] = [];
  let data: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const { grads, extras: base } = taskGradients(
      tf,
      () => {
        const p = forwardAll(ctx, batches, false);
        heads = p.heads;
        return { losses: p.scaled, extras: tf.stack(p.raw) }; // the tape's own tensors die with it: keep the losses
      },
      () => shared,
    );
    const saved = shared.map((v) => v.clone());
    const after: Tensor[] = [];
    grads.forEach((g) => {
      shared.forEach((v) => {
        if (g[v.name]) v.assign(tf.sub(v, tf.mul(g[v.name], lr)) as typeof v);
      });
      after.push(tf.stack(forwardAll(ctx, batches, false).raw));
      shared.forEach((v, n) => v.assign(saved[n]));
    });
    data = tf.concat([base!, ...after]).dataSync() as Float32Array;
    base!.dispose();
  });
  const k = heads.length;
  const z = heads.map((_, a) =>
    heads.map((__, b) => {
      const before = data[b];
      const r = 1 - data[k + a * k + b] / before;
      return before > 0 && Number.isFinite(r) ? r : NaN;
    }),
  );
  return { heads, tasks: heads.map((h) => ctx.taskIndex.get(h.key)!), z };
}

/** Epoch accumulator: the mean of each directed pair's measurements (indexed by task index). */
export class AffinityStats {
  sum: number[][];
  count: number[][];
  constructor(k: number) {
    this.sum = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    this.count = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  }
  add(m: AffinityMeasurement): void {
    m.tasks.forEach((ta, a) =>
      m.tasks.forEach((tb, b) => {
        if (ta === tb || !Number.isFinite(m.z[a][b])) return;
        this.sum[ta][tb] += m.z[a][b];
        this.count[ta][tb]++;
      }),
    );
  }
  /** [from, to, mean] for every pair measured at least once. */
  means(): [number, number, number][] {
    const out: [number, number, number][] = [];
    this.sum.forEach((row, a) => row.forEach((s, b) => this.count[a][b] > 0 && out.push([a, b, s / this.count[a][b]])));
    return out;
  }
}
