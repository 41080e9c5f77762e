// Per API verb: its argument names (for messages) and the schema of its argument tuple. Each verb's schema
// output must be the same type as the verb's parameters in shared/api.ts, or the type check fails.
import { z } from 'zod';
import { API_METHODS, type ApiMethod, type WorkbenchApi } from '../api.js';
import { MAX_ID, MAX_LIST, id, name, opt, tags, text, type Same } from './common.js';
import { designSchema } from './design.js';
import { builtinRequestSchema, importFileRequestSchema, importRequestSchema } from './dataset.js';
import { runConfigSchema, runFilterSchema } from './run.js';
import { sweepSpecSchema } from './sweep.js';

const verb = <N extends readonly string[], S extends z.ZodType<unknown[]>>(names: N, schema: S) => ({ names: [...names], schema });

export const ARGS = {
  getSystemInfo: verb([], z.tuple([])),
  checkDatabase: verb([], z.tuple([])),
  listDatasetSources: verb([], z.tuple([])),
  listDatasets: verb([], z.tuple([])),
  getDataset: verb(['id'], z.tuple([id])),
  previewDataset: verb(['id', 'rows'], z.tuple([id, opt(z.int().min(1).max(1000))])),
  createBuiltinDataset: verb(['req'], z.tuple([builtinRequestSchema])),
  importDataset: verb(['req'], z.tuple([importRequestSchema])),
  previewImportFile: verb(['req'], z.tuple([importFileRequestSchema])),
  deleteDataset: verb(['id'], z.tuple([id])),
  listDesigns: verb([], z.tuple([])),
  getDesign: verb(['id'], z.tuple([id])),
  saveDesign: verb(
    ['req'],
    z.tuple([z.strictObject({ id: id.optional(), name: name.min(1, 'give the design a name'), notes: text.optional(), design: designSchema })]),
  ),
  deleteDesign: verb(['id'], z.tuple([id])),
  validateDesign: verb(['design'], z.tuple([designSchema])),
  buildTemplate: verb(
    ['req'],
    z.tuple([z.strictObject({ template: z.string().min(1).max(MAX_ID), datasetIds: z.array(id).min(1, 'pick at least one dataset').max(64) })]),
  ),
  exportDesignKeras: verb(['design'], z.tuple([designSchema])),
  listStrategies: verb([], z.tuple([])),
  startRun: verb(['config'], z.tuple([runConfigSchema])),
  stopRun: verb(['id'], z.tuple([id])),
  listRuns: verb(['filter'], z.tuple([opt(runFilterSchema)])),
  getRun: verb(['id'], z.tuple([id])),
  getRunMetrics: verb(['id'], z.tuple([id])),
  updateRun: verb(['id', 'patch'], z.tuple([id, z.strictObject({ tags: tags.optional(), notes: text.optional(), name: name.min(1).optional() })])),
  deleteRun: verb(['id'], z.tuple([id])),
  compareRuns: verb(
    ['req'],
    z.tuple([z.strictObject({ runIds: z.array(id).min(1, 'pick at least one run').max(MAX_LIST), baselineRunIds: z.array(id).max(MAX_LIST).optional() })]),
  ),
  exportRun: verb(['id'], z.tuple([id])),
  getRunCurves: verb(
    ['req'],
    z.tuple([
      z.strictObject({
        runIds: z.array(id).min(1, 'pick at least one run').max(MAX_LIST),
        splits: z.array(z.enum(['train', 'validation', 'test', 'diagnostics'])).min(1, 'leave it out for every split').max(4).optional(),
        tasks: z.array(z.string().max(MAX_ID)).min(1, 'leave it out for every task').max(MAX_LIST).optional(),
        metrics: z.array(z.string().min(1).max(MAX_ID)).min(1, 'leave it out for every metric').max(MAX_LIST).optional(),
      }),
    ]),
  ),
  planSweep: verb(['spec'], z.tuple([sweepSpecSchema])),
  startSweep: verb(['spec'], z.tuple([sweepSpecSchema])),
  listSweeps: verb([], z.tuple([])),
  getSweep: verb(['id'], z.tuple([id])),
  pauseSweep: verb(['id'], z.tuple([id])),
  resumeSweep: verb(['id'], z.tuple([id])),
  cancelSweep: verb(['id'], z.tuple([id])),
  getQueueStatus: verb([], z.tuple([])),
} satisfies { [M in ApiMethod]: { names: string[]; schema: z.ZodType<unknown[]> } };

// Optional trailing arguments: the schema yields `T | undefined`, the signature `arg?: T`; Defined<> evens that out.
type Defined<T extends readonly unknown[]> = { [K in keyof T]-?: Exclude<T[K], undefined> };
type ArgsOf<M extends ApiMethod> = Defined<z.output<(typeof ARGS)[M]['schema']>>;
type ParamsOf<M extends ApiMethod> = Defined<Parameters<WorkbenchApi[M]>>;
const _args: { [M in ApiMethod]: Same<ArgsOf<M>, ParamsOf<M>> } = {
  getSystemInfo: true, checkDatabase: true, listDatasetSources: true, listDatasets: true, getDataset: true, previewDataset: true,
  createBuiltinDataset: true, importDataset: true, previewImportFile: true, deleteDataset: true, listDesigns: true, getDesign: true,
  saveDesign: true, deleteDesign: true, validateDesign: true, buildTemplate: true, exportDesignKeras: true,
  listStrategies: true, startRun: true, stopRun: true, listRuns: true, getRun: true, getRunMetrics: true,
  updateRun: true, deleteRun: true, compareRuns: true, exportRun: true, getRunCurves: true,
  planSweep: true, startSweep: true, listSweeps: true, getSweep: true, pauseSweep: true, resumeSweep: true, cancelSweep: true, getQueueStatus: true,
};
void _args;

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

/** The error of a verb's arguments, or `{ ok: true, args }` with the parsed (trusted) arguments. */
export function checkArgs<M extends ApiMethod>(method: M, args: unknown): { ok: true; args: Parameters<WorkbenchApi[M]> } | { ok: false; message: string } {
  const spec: { names: string[]; schema: z.ZodType<unknown[]> } = ARGS[method];
  if (!Array.isArray(args)) return { ok: false, message: `${method}: arguments must be an array, got ${describeValue(args)}` };
  // Trailing absent optionals (undefined or JSON null) are dropped so the tuple length check is about real extras.
  const trimmed = [...args];
  while (trimmed.length > 0 && trimmed.length > spec.names.length && (trimmed[trimmed.length - 1] === undefined || trimmed[trimmed.length - 1] === null)) trimmed.pop();
  const res = spec.schema.safeParse(trimmed);
  if (!res.success) return { ok: false, message: formatZodError(method, spec.names, res.error) };
  return { ok: true, args: res.data as Parameters<WorkbenchApi[M]> };
}
