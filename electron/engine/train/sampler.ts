// Which datasets (routes) draw a batch at each step, and how many steps make an epoch.
//
// - round-robin: every route draws a batch every step, so every task trains every step; an epoch is one
//   pass over the largest dataset's training rows (smaller datasets wrap around, reshuffled each pass).
// - proportional: each step draws one route with probability ∝ its training rows, and only that route's
//   tasks train; an epoch is as many steps as one pass over all datasets' training rows together needs, so
//   each dataset is passed about once per epoch.
// With one dataset both are the same: every step, one batch of it; an epoch is one pass.
import type { Random } from './random.js';

export type Sampling = 'round-robin' | 'proportional';

export interface EpochPlan {
  steps: number;
  /** Per step: the indices of the routes that draw a batch. */
  routesAt(step: number): number[];
}

export function planEpoch(sampling: Sampling, trainSizes: number[], batchSize: number, random: Random, maxSteps?: number): EpochPlan {
  const all = trainSizes.map((_, i) => i);
  const largest = Math.max(...trainSizes);
  const total = trainSizes.reduce((a, b) => a + b, 0);
  const cap = maxSteps && maxSteps > 0 ? maxSteps : Infinity;
  if (sampling === 'round-robin' || trainSizes.length === 1) {
    const steps = Math.min(cap, Math.max(1, Math.ceil(largest / batchSize)));
    return { steps, routesAt: () => all };
  }
  const steps = Math.min(cap, Math.max(1, Math.ceil(total / batchSize)));
  const picks: number[] = [];
  for (let s = 0; s < steps; s++) {
    let u = random() * total;
    let r = 0;
    while (r < trainSizes.length - 1 && u >= trainSizes[r]) u -= trainSizes[r++];
    picks.push(r);
  }
  return { steps, routesAt: (step) => [picks[step]] };
}
