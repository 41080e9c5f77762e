// The run config and the run filter as they enter the Node side. The config is strict: a key it does not
// know is refused (a typo such as `epoch` must not train with the default), so config_json holds only these.
import { z } from 'zod';
import { BACKEND_NAMES, RUN_STATUSES, type RunConfig } from '../run.js';
import type { RunFilter } from '../api.js';
import { MAX_ID, MAX_NAME, finite, id, name, params, seedValue, tags, type Same } from './common.js';
import { designSchema } from './design.js';

const positive = finite.pipe(z.number().positive());

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  z.strictObject({ kind: z.literal('step'), stepSize: z.int().positive(), gamma: positive }),
  z.strictObject({ kind: z.literal('cosine'), minLr: finite.pipe(z.number().nonnegative()).optional() }),
  z.strictObject({ kind: z.literal('exponential'), gamma: positive }),
]);

/** How the run's reported epoch is selected on validation (shared/run.ts SelectionRule). */
export const selectionRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('default') }),
  z.strictObject({ kind: z.literal('mean-normalized') }),
  z.strictObject({ kind: z.literal('delta-m') }),
  z.strictObject({ kind: z.literal('total-loss') }),
  z.strictObject({ kind: z.literal('task-metric'), task: z.string().min(1).max(MAX_ID), metric: z.string().min(1).max(MAX_ID) }),
  z.strictObject({ kind: z.literal('early-stopping') }),
]);

export const runConfigSchema = z.strictObject({
  name: name.optional(),
  designId: id.optional(),
  design: designSchema,
  datasets: z.array(id).min(1, 'name at least one dataset').max(64),
  optimizer: z.strictObject({
    name: z.enum(['sgd', 'adam', 'adamw', 'rmsprop']),
    lr: finite.pipe(z.number().positive('must be > 0').max(10)),
    momentum: finite.pipe(z.number().min(0).max(1)).optional(),
    weightDecay: finite.pipe(z.number().min(0)).optional(),
  }),
  schedule: scheduleSchema,
  epochs: z.int().min(1).max(100_000),
  batchSize: z.int().min(1).max(1 << 16),
  weighting: z.strictObject({ name: z.string().min(1).max(MAX_ID), params }),
  seed: seedValue,
  backend: z.enum(BACKEND_NAMES).optional(),
  selection: selectionRuleSchema.optional(),
  earlyStopping: z.strictObject({ task: z.string().max(MAX_ID), metric: z.string().max(MAX_ID), patience: z.int().min(1).max(10_000) }).optional(),
  clipNorm: positive.optional(),
  affinity: z.strictObject({ every: z.int().min(1).max(1_000_000), lr: positive.optional() }).optional(),
  sampling: z.enum(['round-robin', 'proportional']).optional(),
  maxStepsPerEpoch: z.int().min(1).optional(),
  baselines: z.boolean().optional(),
  seeds: z.array(seedValue).max(100).optional(),
  tags: tags.optional(),
});

export const runStatusSchema = z.enum(RUN_STATUSES);

export const runFilterSchema = z.strictObject({
  status: runStatusSchema.optional(),
  search: z.string().max(MAX_NAME).optional(),
  datasetId: id.optional(),
  includeBaselines: z.boolean().optional(),
});

const _config: Same<z.output<typeof runConfigSchema>, RunConfig> = true;
const _filter: Same<z.output<typeof runFilterSchema>, RunFilter> = true;
void _config;
void _filter;
