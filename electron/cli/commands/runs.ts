// `runs list|show|compare|export`.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { RunRecord, RunStatus } from '../../../shared/run.js';
import { comparisonToCsv, headlineMetric } from '../../../shared/compare/index.js';
import { resolveRunId, withWorkbench, type CommonOptions } from '../context.js';
import { collect, fmt, printJson, printTable, out } from '../output.js';

const bestText = (r: RunRecord) =>
  Object.entries(r.best)
    .map(([task, ms]) => {
      const m = headlineMetric(Object.keys(ms));
      return m ? `${task} ${m} ${fmt(ms[m])}` : '';
    })
    .filter(Boolean)
    .join('; ');

export function runsCommand(program: Command): void {
  const runs = program.command('runs').description('saved experiments');

  runs
    .command('list')
    .description('list runs, newest first')
    .option('--status <status>', 'only runs with this status')
    .option('--search <text>', 'only runs whose name, design, tags or notes contain this')
    .option('--dataset <id>', 'only runs on this dataset')
    .option('--baselines', 'include single-task baselines')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { status?: RunStatus; search?: string; dataset?: string; baselines?: boolean }) => {
      await withWorkbench(opts, async (wb) => {
        const list = await wb.api.listRuns({ status: opts.status, search: opts.search, datasetId: opts.dataset, includeBaselines: !!opts.baselines });
        if (opts.json) return printJson(list);
        if (list.length === 0) return void out('no runs\n');
        printTable(list, [
          ['id', (r) => r.id.slice(0, 8)],
          ['name', (r) => r.name],
          ['status', (r) => r.status],
          ['weighting', (r) => r.weighting],
          ['backend', (r) => r.backend ?? ''],
          ['created', (r) => r.createdAt.replace('T', ' ').slice(0, 19)],
          ['best', bestText],
        ]);
      });
    });

  runs
    .command('show <id>')
    .description('one run: config, status, best values per task (id or unique prefix)')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkbench(opts, async (wb) => {
        const run = await wb.api.getRun(await resolveRunId(wb, id));
        if (opts.json) return printJson(run);
        const lines: [string, unknown][] = [
          ['id', run.id], ['name', run.name], ['status', run.status], ['error', run.error], ['design', run.designName],
          ['datasets', run.datasetIds.join(', ')], ['weighting', run.weighting], ['backend', run.backend], ['device', run.device],
          ['seed', run.seed], ['epochs', run.config.epochs], ['batch size', run.config.batchSize],
          ['optimizer', `${run.config.optimizer.name} lr ${run.config.optimizer.lr}`], ['baseline of', run.baselineOf],
          ['baseline task', run.baselineTask], ['tags', run.tags.join(', ')], ['notes', run.notes], ['created', run.createdAt],
          ['started', run.startedAt], ['finished', run.finishedAt],
          ['versions', Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
        ];
        for (const [k, v] of lines) if (v !== null && v !== '' && v !== undefined) out(`${k.padEnd(14)}${fmt(v)}\n`);
        const rows = Object.entries(run.best).flatMap(([task, ms]) => Object.entries(ms).map(([metric, value]) => ({ task, metric, value })));
        if (rows.length) {
          out('\nbest\n');
          printTable(rows, [['task', (r) => r.task], ['metric', (r) => r.metric], ['value', (r) => r.value]]);
        }
      });
    });

  runs
    .command('compare <ids...>')
    .description('compare runs task by task, with Δm against their single-task baselines')
    .option('--baseline <id>', 'baseline run (repeatable; default: the baselines trained with the runs)', collect)
    .option('--csv', 'print CSV')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (ids: string[], opts: CommonOptions & { baseline?: string[]; csv?: boolean }) => {
      await withWorkbench(opts, async (wb) => {
        const runIds = await Promise.all(ids.map((i) => resolveRunId(wb, i)));
        const baselineRunIds = opts.baseline ? await Promise.all(opts.baseline.map((i) => resolveRunId(wb, i))) : undefined;
        const result = await wb.api.compareRuns({ runIds, ...(baselineRunIds ? { baselineRunIds } : {}) });
        if (opts.json) return printJson(result);
        const labels: Record<string, string> = {};
        for (const id of runIds) labels[id] = id.slice(0, 8);
        if (opts.csv) return void out(comparisonToCsv(result, labels) + '\n');
        printTable(result.rows, [
          ['task', (r) => r.task],
          ['metric', (r) => r.metric + (r.higherIsBetter ? ' ↑' : ' ↓')],
          ...runIds.map((id): [string, (r: (typeof result.rows)[number]) => unknown] => [labels[id], (r) => r.cells[id]?.best]),
          ['best run', (r) => (r.bestRunId ? labels[r.bestRunId] : '')],
        ]);
        out(`\nΔm% vs baselines: ${runIds.map((id) => `${labels[id]} ${result.deltaM[id] === null ? 'n/a' : fmt(result.deltaM[id])}`).join(', ')}\n`);
      });
    });

  runs
    .command('export <id>')
    .description('the run and all its metric rows as JSON')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON (the default for export)')
    .action(async (id: string, opts: CommonOptions & { out?: string }) => {
      await withWorkbench(opts, async (wb) => {
        const data = await wb.api.exportRun(await resolveRunId(wb, id));
        if (opts.out) {
          fs.writeFileSync(opts.out, JSON.stringify(data, null, 2));
          if (opts.json) printJson({ out: opts.out, metrics: data.metrics.length });
          else out(`wrote ${opts.out} (${data.metrics.length} metric rows)\n`);
        } else printJson(data);
      });
    });
}
