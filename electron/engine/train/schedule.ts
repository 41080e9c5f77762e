// Learning-rate schedules. step and exponential change the rate once per epoch (as PyTorch's StepLR and
// ExponentialLR stepped each epoch); cosine anneals every step from lr to minLr over the whole run.
import type { ScheduleConfig } from '../../../shared/run.js';

export function learningRate(
  schedule: ScheduleConfig | undefined,
  baseLr: number,
  at: { epoch: number; step: number; stepsPerEpoch: number; epochs: number },
): number {
  const s = schedule ?? { kind: 'constant' };
  switch (s.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(s.gamma, Math.floor(at.epoch / Math.max(1, s.stepSize)));
    case 'exponential':
      return baseLr * Math.pow(s.gamma, at.epoch);
    case 'cosine': {
      const total = Math.max(1, at.epochs * at.stepsPerEpoch);
      const done = Math.min(total, at.epoch * at.stepsPerEpoch + at.step);
      const min = s.minLr ?? 0;
      return min + ((baseLr - min) * (1 + Math.cos((Math.PI * done) / total))) / 2;
    }
    default:
      throw new Error(`Unknown schedule '${(s as { kind: string }).kind}': use constant, step, cosine or exponential`);
  }
}
