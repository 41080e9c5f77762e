// One interface for every weighting strategy; the training loop talks only to this.
//
// A strategy is one of two kinds:
// - 'loss' strategies turn the per-task losses into one objective inside the gradient tape (so that
//   learnable weights, such as UW's log-variances, get gradients with the model).
// - 'gradient' strategies need each task's gradient on the shared parameters. The loop computes one
//   backward pass per task, flattens the shared part into g_1..g_K and hands the strategy their Gram
//   matrix M_ij = g_i·g_j and the loss values. The strategy answers coefficients α, and the loop applies
//   Σ α_i g_i to the shared parameters (task-specific parameters get the sum of their own task's gradient).
//   Every method here (PCGrad, MGDA, CAGrad, IMTL-G, GradNorm) yields a combination that is linear in the
//   task gradients, so the Gram matrix is all a strategy needs and the P-dimensional work stays on the backend.
import type { StrategyInfo } from '../../../shared/strategies.js';
import type { Scalar, Tensor1D, Tf, Variable } from '../train/tf.js';

export interface StrategyContext {
  tf: Tf;
  /** Task labels in head order; strategies index tasks 0..K-1 in this order. */
  tasks: string[];
  /** Seeded uniform random numbers in [0, 1) (RLW's draws, PCGrad's order). */
  random: () => number;
}

interface StrategyBase {
  name: string;
  /**
   * Called at the end of every epoch with each task's mean training loss over the epoch (NaN for a task
   * that drew no batch). DWA's weights come from these.
   */
  onEpochEnd?(meanLosses: number[], epoch: number): void;
  /**
   * Called after every step's update with the (scaled) losses measured in that step, `active` their task
   * indices. FAMO adapts its weights from how the losses changed between consecutive steps.
   */
  onStepEnd?(losses: number[], active: number[]): void;
  /** Learnable or internal state worth recording (e.g. UW's log-variances), per task. */
  state?(): Record<string, number[]>;
  dispose?(): void;
}

export interface LossStrategy extends StrategyBase {
  needsTaskGradients: false;
  /** Extra variables trained by the run's optimizer along with the model (UW's log-variances). */
  variables: Variable[];
  /**
   * Inside the gradient tape. `losses` holds the losses of the active tasks (those with a batch this step),
   * `active` their task indices. Returns the objective to minimise and the weight applied to each active loss.
   */
  combineLosses(losses: Tensor1D, active: number[]): { total: Scalar; weights: Tensor1D };
}

export interface GradientStrategy extends StrategyBase {
  needsTaskGradients: true;
  /**
   * Where the task gradients are taken: on the shared parameters (default), or on the shared representation
   * (the tensors where shared computation meets the task-specific parts) where the method allows it. Then
   * the Gram matrix is of representation gradients and α is applied by one backward through the trunk.
   */
  gradientTarget?: 'parameters' | 'representation';
  /**
   * `gram[i][j]` = g_i·g_j for the active tasks' shared-parameter gradients, `losses` their loss values,
   * `active` their task indices. Returns α (one per active task): the shared update is Σ α_i g_i.
   */
  combineGradients(gram: number[][], losses: number[], active: number[]): number[];
}

export type WeightingStrategy = LossStrategy | GradientStrategy;

export interface StrategyDefinition {
  info: StrategyInfo;
  create(params: Record<string, unknown>, ctx: StrategyContext): WeightingStrategy;
}
