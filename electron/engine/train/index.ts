export { train } from './loop.js';
export type { TrainOptions, TrainResult, SplitMetrics } from './loop.js';
export { createOptimizer } from './optimizers.js';
export type { Optimizer } from './optimizers.js';
export { learningRate } from './schedule.js';
export { planEpoch } from './sampler.js';
export type { Sampling } from './sampler.js';
