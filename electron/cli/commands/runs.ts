// `runs list|show|compare|export`.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { RunRecord, RunStatus } from '../../../shared/run.js';
import { comparisonToCsv, headlineMetric } from '../../../shared/compare/index.js';
import { ruleLabel } from '../../../shared/results/summary.js';
import { resolveRunId, withWorkbench, type CommonOptions } from '../context.js';
import { collect, fmt, printJson, printTable, out } from '../output.js';

/** Where a run's values come from: "test @ epoch 3". */
const at = (r: RunRecord) => (r.summary?.selected ? `${r.summary.split} @ epoch ${r.summary.selected.epoch}` : '');

/** Each task's headline metric at the selected epoch. */
const selectedText = (r: RunRecord) =>
  Object.entries(r.summary?.tasks ?? {})
    .map(([task, ms]) => {
      const m = headlineMetric(Object.keys(ms));
      return m && ms[m].value !== null ? `${task} ${m} ${fmt(ms[m].value)}` : '';
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
          ['selected', at],
          ['values', selectedText],
        ]);
      });
    });

  runs
    .command('show <id>')
    .description('one run: config, status, each task\'s values at the epoch selected on validation (id or unique prefix)')
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
        const s = run.summary;
        if (s?.selected) out(`\nselected      epoch ${s.selected.epoch} on ${s.selected.split} by ${ruleLabel(s.rule)}${s.note ? ` (${s.note})` : ''}; weights from epoch ${run.weightsEpoch ?? '-'}\n`);
        const rows = Object.entries(s?.tasks ?? {}).flatMap(([task, ms]) => Object.entries(ms).map(([metric, v]) => ({ task, metric, ...v })));
        if (rows.length) {
          out('\n');
          printTable(rows, [
            ['task', (r) => r.task],
            ['metric', (r) => r.metric],
            [`${s?.split ?? '-'} @ epoch ${s?.selected?.epoch ?? '-'}`, (r) => r.value],
            ['last', (r) => r.last],
            ['last epoch', (r) => r.lastEpoch],
          ]);
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
          ...runIds.map((id): [string, (r: (typeof result.rows)[number]) => unknown] => {
            const s = result.selections[id];
            const cell = (r: (typeof result.rows)[number]) => {
              const c = r.cells[id];
              const ci = c?.stats?.ci95 ? ` [${fmt(c.stats.ci95[0])}, ${fmt(c.stats.ci95[1])}]` : '';
              const p = c?.welch ? ` p=${fmt(c.welch.p)}` : '';
              return c?.value === null || c?.value === undefined ? '' : `${fmt(c.value)}${ci}${p}`;
            };
            return [`${labels[id]} (${s?.reportSplit ?? '-'} @ ${s?.epoch ?? '-'})`, cell];
          }),
          ['best run', (r) => (r.bestRunId ? labels[r.bestRunId] : '')],
        ]);
        out(`\nvalues: each run's test split (else validation) at the epoch selected on validation (${runIds.map((id) => `${labels[id]} ${ruleLabel(result.selections[id].rule)}`).join(', ')}); [95% CI] and Welch p vs ${labels[runIds[0]]} over seed groups\n`);
        out(`Δm% vs baselines: ${runIds.map((id) => `${labels[id]} ${result.deltaM[id] === null ? 'n/a' : fmt(result.deltaM[id])}`).join(', ')}\n`);
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
