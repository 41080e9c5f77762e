// The sweep spec's schema (startSweep, planSweep); expandSweep then checks what a schema cannot (axis values
// against each other, the run limit).
import { z } from 'zod';
import type { SweepSpec } from '../sweep.js';
import { MAX_ID, finite, name, seedValue, type Same } from './common.js';
import { designSchema } from './design.js';
import { runConfigSchema } from './run.js';

const MAX_AXIS = 1000;
const values = <T extends z.ZodType>(s: T) => z.array(s).min(1, 'give at least one value (or leave the axis out)').max(MAX_AXIS);

export const sweepSpecSchema = z.strictObject({
  name: name.optional(),
  base: runConfigSchema,
  axes: z.strictObject({
    strategies: values(z.strictObject({ name: z.string().min(1).max(MAX_ID), params: z.record(z.string().max(MAX_ID), values(z.unknown())).optional() })).optional(),
    lr: values(finite.pipe(z.number().positive('must be > 0').max(10))).optional(),
    batchSize: values(z.int().min(1).max(1 << 16)).optional(),
    optimizer: values(z.enum(['sgd', 'adam', 'adamw', 'rmsprop'])).optional(),
    designs: values(z.union([z.strictObject({ template: z.string().min(1).max(MAX_ID) }), z.strictObject({ designId: z.string().min(1).max(MAX_ID) })])).optional(),
    seeds: values(seedValue).optional(),
  }),
  mode: z.enum(['grid', 'random']).optional(),
  trials: z.int().min(1).max(10_000).optional(),
  budget: z.enum(['equal', 'none']).optional(),
  sampleSeed: seedValue.optional(),
  resolvedDesigns: z.array(designSchema).max(MAX_AXIS).optional(),
});

const _spec: Same<z.output<typeof sweepSpecSchema>, SweepSpec> = true;
void _spec;
