// Dataset requests as they enter the Node side: imports by kind and built-in sources (whose own options
// each source checks with its options schema).
import { z } from 'zod';
import type { BuiltinRequest, ImportRequest } from '../api.js';
import { MAX_ID, name, params, seedValue, type Same } from './common.js';

const columnType = z.enum(['numeric', 'categorical', 'text', 'ignore']);
const path = z.string().min(1, 'give a file path').max(4096);
const seed = seedValue.optional();
const datasetName = name.min(1, 'give the dataset a name');
const taskColumns = z.array(z.string().min(1).max(MAX_ID)).min(1, 'name at least one task column').max(1000);

export const importRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('csv'),
    path,
    name: datasetName,
    tasks: taskColumns,
    header: z.boolean().optional(),
    delimiter: z.string().min(1).max(4).optional(),
    columnTypes: z.record(z.string().max(MAX_ID), columnType).optional(),
    columnNames: z.record(z.string().max(MAX_ID), z.string().max(MAX_ID)).optional(),
    seed,
  }),
  z.object({ kind: z.literal('image-list'), path, name: datasetName, pathColumn: z.string().max(MAX_ID).optional(), tasks: taskColumns, seed }),
  z.object({
    kind: z.literal('idx'),
    images: path,
    labels: z.array(path).min(1, 'give at least one labels file').max(100),
    taskNames: z.array(z.string().min(1).max(MAX_ID)).max(100).optional(),
    name: datasetName,
    seed,
  }),
]);

export const builtinRequestSchema = z.object({
  source: z.string().min(1).max(MAX_ID),
  name: name.optional(),
  options: params.optional(),
  seed,
});

const _import: Same<z.output<typeof importRequestSchema>, ImportRequest> = true;
const _builtin: Same<z.output<typeof builtinRequestSchema>, BuiltinRequest> = true;
void _import;
void _builtin;
