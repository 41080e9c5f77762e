// `datasets list|sources|import|builtin`.
import path from 'node:path';
import type { Command } from 'commander';
import type { ImportRequest } from '../../../shared/api.js';
import type { DatasetInfo } from '../../../shared/dataset.js';
import { withWorkbench, type CommonOptions } from '../context.js';
import { CliError, collect, parseKeyValues, positiveInt, printJson, printTable, out } from '../output.js';

const COLUMN_TYPES = ['numeric', 'categorical', 'text', 'ignore'] as const;

const summary = (d: DatasetInfo) => ({
  tasks: d.tasks.map((t) => `${t.name}:${t.kind}`).join(', '),
  features: d.features.map((f) => `${f.name}:${f.kind}`).join(', '),
});

function printDatasets(list: DatasetInfo[]): void {
  if (list.length === 0) return void out('no datasets\n');
  printTable(list, [
    ['id', (d) => d.id],
    ['name', (d) => d.name],
    ['source', (d) => d.spec.source],
    ['rows', (d) => d.rows],
    ['train/val/test', (d) => `${d.splits.train}/${d.splits.validation}/${d.splits.test}`],
    ['tasks', (d) => summary(d).tasks],
    ['features', (d) => summary(d).features],
  ]);
}

interface ImportOptions extends CommonOptions {
  name: string;
  tasks: string;
  kind?: 'csv' | 'image-list' | 'idx';
  header: boolean;
  delimiter?: string;
  columns?: string;
  columnType: string[];
  labels: string[];
  pathColumn?: string;
  seed?: number;
}

export function buildImportRequest(file: string, o: ImportOptions): ImportRequest {
  const tasks = o.tasks.split(',').map((t) => t.trim()).filter(Boolean);
  const kind = o.kind ?? (o.labels.length > 0 || /idx\d?-ubyte(\.gz)?$/.test(file) ? 'idx' : 'csv');
  const abs = path.resolve(file);
  if (kind === 'idx') {
    if (o.labels.length === 0) throw new CliError('datasets import: an IDX images file needs --labels FILE (repeatable)', 'usage');
    return { kind, images: abs, labels: o.labels.map((l) => path.resolve(l)), taskNames: tasks.length ? tasks : undefined, name: o.name, seed: o.seed };
  }
  if (tasks.length === 0) throw new CliError('datasets import: --tasks needs at least one column name', 'usage');
  if (kind === 'image-list') return { kind, path: abs, name: o.name, tasks, pathColumn: o.pathColumn, seed: o.seed };
  const columnTypes: Record<string, (typeof COLUMN_TYPES)[number]> = {};
  for (const [k, v] of Object.entries(parseKeyValues(o.columnType, '--column-type'))) {
    if (!COLUMN_TYPES.includes(v as never)) throw new CliError(`--column-type ${k}=${String(v)}: the type must be one of ${COLUMN_TYPES.join(', ')}`, 'usage');
    columnTypes[k] = v as (typeof COLUMN_TYPES)[number];
  }
  const columnNames: Record<string, string> = {};
  if (o.columns) o.columns.split(',').forEach((n, i) => (columnNames[`col${i + 1}`] = n.trim()));
  return {
    kind: 'csv',
    path: abs,
    name: o.name,
    tasks,
    header: o.header,
    ...(o.delimiter ? { delimiter: o.delimiter } : {}),
    ...(Object.keys(columnTypes).length ? { columnTypes } : {}),
    ...(o.columns ? { columnNames } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  };
}

export function datasetsCommand(program: Command): void {
  const ds = program.command('datasets').description('datasets: built-in benchmarks and imports');

  ds.command('list')
    .description('list datasets')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions) => {
      await withWorkbench(opts, async (wb) => {
        const list = await wb.api.listDatasets();
        if (opts.json) printJson(list);
        else printDatasets(list);
      });
    });

  ds.command('sources')
    .description('built-in dataset sources and whether they are available here')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions) => {
      await withWorkbench(opts, async (wb) => {
        const list = await wb.api.listDatasetSources();
        if (opts.json) return printJson(list);
        printTable(list, [['name', (s) => s.name], ['available', (s) => (s.available ? 'yes' : `no: ${s.reason ?? ''}`)], ['description', (s) => s.description]]);
      });
    });

  ds.command('import <file>')
    .description('import a CSV (or an image list, or IDX files) as a dataset')
    .requiredOption('--name <name>', 'dataset name')
    .option('--tasks <a,b[:type]>', 'task columns, each optionally with :binary, :multiclass or :regression', '')
    .option('--kind <kind>', 'csv, image-list or idx (default: from the file)')
    .option('--no-header', 'the CSV has no header row (columns are col1, col2, …)')
    .option('--delimiter <c>', 'CSV delimiter (default: detected)')
    .option('--columns <names>', 'names for the columns of a headerless CSV, comma-separated')
    .option('--column-type <name=type>', 'numeric, categorical, text or ignore (repeatable)', collect, [])
    .option('--labels <file>', 'IDX labels file (repeatable, one per task)', collect, [])
    .option('--path-column <name>', 'image list: the column holding image paths')
    .option('--seed <n>', 'seed for the splits', positiveInt('--seed'))
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: ImportOptions) => {
      const req = buildImportRequest(file, opts);
      await withWorkbench(opts, async (wb) => {
        const info = await wb.api.importDataset(req);
        if (opts.json) printJson(info);
        else printDatasets([info]);
      });
    });

  ds.command('builtin <source>')
    .description('create a built-in dataset (see `datasets sources`)')
    .option('--name <name>', 'dataset name')
    .option('--option <k=v>', 'a source option (repeatable)', collect, [])
    .option('--seed <n>', 'seed', positiveInt('--seed'))
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (source: string, opts: CommonOptions & { name?: string; option: string[]; seed?: number }) => {
      const options = parseKeyValues(opts.option, '--option');
      await withWorkbench(opts, async (wb) => {
        const info = await wb.api.createBuiltinDataset({ source, name: opts.name, options, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
        if (opts.json) printJson(info);
        else printDatasets([info]);
      });
    });
}
