// Dataset requests as they enter the Node side. The options of the import sources are defined here once:
// the edge checks them, and each import source (electron/datasets/sources/) takes its schema from here.
// Built-in sources declare their own options schema in their file.
import { z } from 'zod';
import type { BuiltinRequest, ImportFileRequest, ImportRequest } from '../api.js';
import { MAX_ID, name, params, seedValue, type Same } from './common.js';

const columnType = z.enum(['numeric', 'categorical', 'text', 'ignore']);
const path = z.string().min(1, 'give a file path').max(4096);
const taskColumns = z.array(z.string().min(1).max(MAX_ID)).min(1, 'name at least one task column').max(1000);
const fraction = z.number().min(0).max(0.9);
const imageSide = z.int().min(1).max(4096);

/** A CSV of numeric, categorical and text columns; any columns as tasks. */
export const csvOptionsSchema = z.strictObject({
  path,
  tasks: taskColumns,
  header: z.boolean().optional(),
  delimiter: z.string().min(1).max(4).optional(),
  columnTypes: z.record(z.string().max(MAX_ID), columnType).optional(),
  columnNames: z.record(z.string().max(MAX_ID), z.string().max(MAX_ID)).optional(),
  vocabSize: z.int().min(3).max(1_000_000).optional(),
  maxLength: z.int().min(1).max(10_000).optional(),
  validation: fraction.optional(),
  test: fraction.optional(),
});

/** A CSV of image paths (PNG or JPEG, relative to the CSV's folder) with label columns. */
export const imageListOptionsSchema = z.strictObject({
  path,
  tasks: taskColumns,
  pathColumn: z.string().max(MAX_ID).optional(),
  size: z.union([imageSide, z.tuple([imageSide, imageSide])]).optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  header: z.boolean().optional(),
  delimiter: z.string().min(1).max(4).optional(),
});

/** IDX files: one of images, one of labels per task. */
export const idxOptionsSchema = z.strictObject({
  images: path,
  labels: z.array(path).min(1, 'give at least one labels file').max(100),
  taskNames: z.array(z.string().min(1).max(MAX_ID)).max(100).optional(),
});

const request = { name: name.min(1, 'give the dataset a name'), seed: seedValue.optional() };

export const importRequestSchema = z.discriminatedUnion('kind', [
  csvOptionsSchema.extend({ kind: z.literal('csv'), ...request }),
  imageListOptionsSchema.extend({ kind: z.literal('image-list'), ...request }),
  idxOptionsSchema.extend({ kind: z.literal('idx'), ...request }),
]);

/** A CSV file to preview before import (its first rows, each column's detected type). */
export const importFileRequestSchema = z.strictObject({
  path,
  header: z.boolean().optional(),
  delimiter: z.string().min(1).max(4).optional(),
  rows: z.int().min(1).max(100).optional(),
});

export const builtinRequestSchema = z.object({
  source: z.string().min(1).max(MAX_ID),
  name: name.optional(),
  options: params.optional(),
  seed: seedValue.optional(),
});

export type CsvOptions = z.output<typeof csvOptionsSchema>;
export type ImageListOptions = z.output<typeof imageListOptionsSchema>;
export type IdxOptions = z.output<typeof idxOptionsSchema>;

const _import: Same<z.output<typeof importRequestSchema>, ImportRequest> = true;
const _builtin: Same<z.output<typeof builtinRequestSchema>, BuiltinRequest> = true;
const _file: Same<z.output<typeof importFileRequestSchema>, ImportFileRequest> = true;
void _file;
void _import;
void _builtin;
