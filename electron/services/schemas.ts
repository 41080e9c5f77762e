// Zod schemas for every API verb's arguments, checked where they enter the Node side
// (the in-process service, the web server and the IPC handlers all go through parseArgs).
import { z } from 'zod';
import type { ApiMethod } from '../../shared/api.js';
import { API_METHODS } from '../../shared/api.js';
import { ApiError } from './errors.js';

// ---- limits: generous for real use, small enough that a hostile request cannot exhaust memory
const MAX_ID = 200;
const MAX_NAME = 500;
const MAX_TEXT = 100_000;
const MAX_NODES = 5_000;
const MAX_LIST = 10_000;

const id = z.string().min(1, 'must not be empty').max(MAX_ID);
const name = z.string().max(MAX_NAME);
const text = z.string().max(MAX_TEXT);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const params = z.record(z.string().max(MAX_ID), z.unknown());

/** An optional argument: JSON turns a trailing `undefined` into `null`, so both mean "absent". */
const opt = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? undefined);

export const designSchema = z.looseObject({
  version: z.literal(1),
  name,
  notes: text.optional(),
  nodes: z
    .array(
      z.looseObject({
        id,
        kind: z.string().min(1).max(MAX_ID),
        params,
        position: z.looseObject({ x: finite, y: finite }),
        label: name.optional(),
      }),
    )
    .max(MAX_NODES),
  edges: z
    .array(z.looseObject({ id, source: id, sourcePort: z.string().max(MAX_ID), target: id, targetPort: z.string().max(MAX_ID) }))
    .max(MAX_NODES * 4),
});

const scheduleSchema = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('constant') }),
  z.looseObject({ kind: z.literal('step'), stepSize: z.int().positive(), gamma: finite.pipe(z.number().positive()) }),
  z.looseObject({ kind: z.literal('cosine'), minLr: finite.pipe(z.number().nonnegative()).optional() }),
  z.looseObject({ kind: z.literal('exponential'), gamma: finite.pipe(z.number().positive()) }),
]);

export const runConfigSchema = z.looseObject({
  name: name.optional(),
  designId: id.optional(),
  design: designSchema,
  datasets: z.array(id).min(1, 'name at least one dataset').max(64),
  optimizer: z.looseObject({
    name: z.enum(['sgd', 'adam', 'adamw', 'rmsprop']),
    lr: finite.pipe(z.number().positive('must be > 0').max(10)),
    momentum: finite.pipe(z.number().min(0).max(1)).optional(),
    weightDecay: finite.pipe(z.number().min(0)).optional(),
  }),
  schedule: scheduleSchema,
  epochs: z.int().min(1).max(100_000),
  batchSize: z.int().min(1).max(1 << 16),
  weighting: z.looseObject({ name: z.string().min(1).max(MAX_ID), params }),
  seed: z.int().min(0).max(2 ** 31 - 1),
  backend: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).optional(),
  earlyStopping: z.looseObject({ task: z.string().max(MAX_ID), metric: z.string().max(MAX_ID), patience: z.int().min(1).max(10_000) }).optional(),
  clipNorm: finite.pipe(z.number().positive()).optional(),
  sampling: z.enum(['round-robin', 'proportional']).optional(),
  maxStepsPerEpoch: z.int().min(1).optional(),
  baselines: z.boolean().optional(),
  seeds: z.array(z.int().min(0).max(2 ** 31 - 1)).max(100).optional(),
  tags: z.array(z.string().max(MAX_ID)).max(100).optional(),
});

const columnType = z.enum(['numeric', 'categorical', 'text', 'ignore']);
const path = z.string().min(1, 'give a file path').max(4096);
const seed = z.int().min(0).max(2 ** 31 - 1).optional();

export const importRequestSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('csv'),
    path,
    name: name.min(1, 'give the dataset a name'),
    tasks: z.array(z.string().min(1).max(MAX_ID)).min(1, 'name at least one task column').max(1000),
    header: z.boolean().optional(),
    delimiter: z.string().min(1).max(4).optional(),
    columnTypes: z.record(z.string().max(MAX_ID), columnType).optional(),
    columnNames: z.record(z.string().max(MAX_ID), z.string().max(MAX_ID)).optional(),
    seed,
  }),
  z.looseObject({
    kind: z.literal('image-list'),
    path,
    name: name.min(1, 'give the dataset a name'),
    pathColumn: z.string().max(MAX_ID).optional(),
    tasks: z.array(z.string().min(1).max(MAX_ID)).min(1, 'name at least one task column').max(1000),
    seed,
  }),
  z.looseObject({
    kind: z.literal('idx'),
    images: path,
    labels: z.array(path).min(1, 'give at least one labels file').max(100),
    taskNames: z.array(z.string().min(1).max(MAX_ID)).max(100).optional(),
    name: name.min(1, 'give the dataset a name'),
    seed,
  }),
]);

export const builtinRequestSchema = z.looseObject({
  source: z.string().min(1).max(MAX_ID),
  name: name.optional(),
  options: params.optional(),
  seed,
});

export const runFilterSchema = z.strictObject({
  status: z.enum(['queued', 'running', 'completed', 'failed', 'stopped', 'interrupted']).optional(),
  search: z.string().max(MAX_NAME).optional(),
  datasetId: id.optional(),
  includeBaselines: z.boolean().optional(),
});

/** Per verb: the argument names (for messages) and the tuple schema. */
export const ARGS: { [M in ApiMethod]: { names: string[]; schema: z.ZodType<unknown[]> } } = {
  getSystemInfo: { names: [], schema: z.tuple([]) },
  listDatasetSources: { names: [], schema: z.tuple([]) },
  listDatasets: { names: [], schema: z.tuple([]) },
  getDataset: { names: ['id'], schema: z.tuple([id]) },
  previewDataset: { names: ['id', 'rows'], schema: z.tuple([id, opt(z.int().min(1).max(1000))]) },
  createBuiltinDataset: { names: ['req'], schema: z.tuple([builtinRequestSchema]) },
  importDataset: { names: ['req'], schema: z.tuple([importRequestSchema]) },
  deleteDataset: { names: ['id'], schema: z.tuple([id]) },
  listDesigns: { names: [], schema: z.tuple([]) },
  getDesign: { names: ['id'], schema: z.tuple([id]) },
  saveDesign: {
    names: ['req'],
    schema: z.tuple([z.strictObject({ id: id.optional(), name: name.min(1, 'give the design a name'), notes: text.optional(), design: designSchema })]),
  },
  deleteDesign: { names: ['id'], schema: z.tuple([id]) },
  validateDesign: { names: ['design'], schema: z.tuple([designSchema]) },
  buildTemplate: {
    names: ['req'],
    schema: z.tuple([z.strictObject({ template: z.string().min(1).max(MAX_ID), datasetIds: z.array(id).min(1, 'pick at least one dataset').max(64) })]),
  },
  exportDesignKeras: { names: ['design'], schema: z.tuple([designSchema]) },
  listStrategies: { names: [], schema: z.tuple([]) },
  startRun: { names: ['config'], schema: z.tuple([runConfigSchema]) },
  stopRun: { names: ['id'], schema: z.tuple([id]) },
  listRuns: { names: ['filter'], schema: z.tuple([opt(runFilterSchema)]) },
  getRun: { names: ['id'], schema: z.tuple([id]) },
  getRunMetrics: { names: ['id'], schema: z.tuple([id]) },
  updateRun: {
    names: ['id', 'patch'],
    schema: z.tuple([
      id,
      z.strictObject({ tags: z.array(z.string().max(MAX_ID)).max(100).optional(), notes: text.optional(), name: name.min(1).optional() }),
    ]),
  },
  deleteRun: { names: ['id'], schema: z.tuple([id]) },
  compareRuns: {
    names: ['req'],
    schema: z.tuple([
      z.strictObject({ runIds: z.array(id).min(1, 'pick at least one run').max(MAX_LIST), baselineRunIds: z.array(id).max(MAX_LIST).optional() }),
    ]),
  },
  exportRun: { names: ['id'], schema: z.tuple([id]) },
  getRunCurves: {
    names: ['req'],
    schema: z.tuple([
      z.strictObject({
        runIds: z.array(id).min(1, 'pick at least one run').max(MAX_LIST),
        splits: z.array(z.enum(['train', 'validation', 'test', 'diagnostics'])).min(1, 'leave it out for every split').max(4).optional(),
        tasks: z.array(z.string().max(MAX_ID)).min(1, 'leave it out for every task').max(MAX_LIST).optional(),
        metrics: z.array(z.string().min(1).max(MAX_ID)).min(1, 'leave it out for every metric').max(MAX_LIST).optional(),
      }),
    ]),
  },
};

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function pathText(names: string[], p: PropertyKey[]): string {
  if (p.length === 0) return 'arguments';
  const [first, ...rest] = p;
  let out = typeof first === 'number' ? (names[first] ?? `argument ${first + 1}`) : String(first);
  for (const k of rest) out += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return out;
}

/** The schema error as one message: "startRun: config.optimizer.lr: must be > 0". */
export function formatZodError(method: string, names: string[], err: z.ZodError): string {
  const lines = err.issues.slice(0, 10).map((i) => {
    let msg = i.message;
    if (i.code === 'invalid_type' && /received undefined$/.test(msg)) msg = `missing (expected ${i.expected})`;
    if (i.code === 'too_big' && i.origin === 'array' && i.path.length === 0) msg = `${method} takes at most ${names.length} argument(s)`;
    else if (i.code === 'too_small' && i.origin === 'array' && i.path.length === 0) msg = `${method} needs ${names.join(', ')}`;
    return `${pathText(names, i.path)}: ${msg}`;
  });
  const more = err.issues.length > 10 ? ` (and ${err.issues.length - 10} more)` : '';
  return `${method}: ${lines.join('; ')}${more}`;
}

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && (API_METHODS as string[]).includes(m);
}

/** Parses a verb's arguments; throws ApiError('invalid-argument') with every problem named. */
export function parseArgs<M extends ApiMethod>(method: M, args: unknown): unknown[] {
  const spec = ARGS[method];
  if (!Array.isArray(args)) throw new ApiError('invalid-argument', `${method}: arguments must be an array, got ${describeValue(args)}`);
  // Trailing absent optionals (undefined or JSON null) are dropped so the tuple length check is about real extras.
  const trimmed = [...args];
  while (trimmed.length > 0 && trimmed.length > spec.names.length && (trimmed[trimmed.length - 1] === undefined || trimmed[trimmed.length - 1] === null)) trimmed.pop();
  const res = spec.schema.safeParse(trimmed);
  if (!res.success) throw new ApiError('invalid-argument', formatZodError(method, spec.names, res.error));
  return res.data;
}
