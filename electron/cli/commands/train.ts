// `train`: one run (plus optional single-task baselines) in process, progress on stderr, final metrics on stdout.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Design } from '../../../shared/design.js';
import { adapterFromVersions } from '../../../shared/gpu.js';
import { isLive, type BackendName, type OptimizerConfig, type RunConfig, type RunRecord, type RunStatus } from '../../../shared/run.js';
import { ruleLabel } from '../../../shared/results/summary.js';
import type { Workbench } from '../../services/workbench.js';
import { withWorkbench } from '../context.js';
import { printAffinityCost, printAffinityGrouping } from '../affinity.js';
import { CliError, collect, fmt, intList, number, parseKeyValues, positiveInt, printJson, printTable, out } from '../output.js';

interface TrainOptions {
  design: string;
  dataset: string[];
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: string;
  weighting: string;
  weightingParam: string[];
  seed: number;
  seeds?: number[];
  backend?: string;
  baselines?: boolean;
  maxSteps?: number;
  affinityEvery?: number;
  name?: string;
  home?: string;
  json?: boolean;
}

export function trainCommand(program: Command): void {
  program
    .command('train')
    .description('train a design on datasets in this process and print per-task metrics')
    .requiredOption('--design <file|template:NAME|id>', 'a design JSON file, template:NAME, or a saved design id')
    .requiredOption('--dataset <id>', 'dataset id (repeatable)', collect, [])
    .option('--epochs <n>', 'epochs', positiveInt('--epochs', 1), 5)
    .option('--batch-size <n>', 'batch size', positiveInt('--batch-size', 1), 64)
    .option('--lr <x>', 'learning rate', number('--lr'), 0.001)
    .option('--optimizer <name>', 'sgd, adam, adamw or rmsprop', 'adam')
    .option('--weighting <name>', 'weighting strategy (see the strategies of getSystemInfo / the app)', 'ew')
    .option('--weighting-param <k=v>', 'a strategy parameter (repeatable)', collect, [])
    .option('--seed <n>', 'seed for weights, data order and splits', positiveInt('--seed'), 0)
    .option('--seeds <list>', 'train once per seed, e.g. 1,2,3 (for mean ± std in compare)', intList('--seeds'))
    .option('--backend <name>', 'force a backend: tensorflow-gpu, webgpu, tensorflow, wasm or cpu (webgpu forced may use a software adapter)')
    .option('--baselines', 'also train one single-task baseline per task')
    .option('--max-steps <n>', 'cap on steps per epoch (at least 1; leave it out for no cap)', positiveInt('--max-steps', 1))
    .option('--affinity-every <n>', 'measure lookahead task affinity (TAG) every N steps; prints its cost first and the suggested task grouping at the end', positiveInt('--affinity-every', 1))
    .option('--name <name>', 'run name')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print one JSON object with the result')
    .action(async (opts: TrainOptions) => {
      const code = await withWorkbench(opts, (wb) => train(wb, opts));
      process.exitCode = code;
    });
}

async function loadDesign(wb: Workbench, spec: string, datasetIds: string[]): Promise<Design> {
  if (spec.startsWith('template:')) return wb.api.buildTemplate({ template: spec.slice('template:'.length), datasetIds });
  if (fs.existsSync(spec)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(spec, 'utf8'));
    } catch (err) {
      throw new CliError(`--design ${spec}: not a JSON file (${(err as Error).message})`, 'invalid-argument');
    }
    const p = parsed as { design?: Design };
    return (p && typeof p === 'object' && p.design ? p.design : parsed) as Design; // a stored design or a bare one
  }
  if (/[/\\.]/.test(spec)) throw new CliError(`--design ${spec}: no such file`, 'not-found');
  return (await wb.api.getDesign(spec)).design;
}

const ended = (s: RunStatus) => !isLive(s);

async function train(wb: Workbench, opts: TrainOptions): Promise<number> {
  if (opts.dataset.length === 0) throw new CliError('--dataset: give at least one dataset id (see `datasets list`)', 'usage');
  const design = await loadDesign(wb, opts.design, opts.dataset);
  const config: RunConfig = {
    name: opts.name,
    design,
    datasets: opts.dataset,
    optimizer: { name: opts.optimizer as OptimizerConfig['name'], lr: opts.lr },
    schedule: { kind: 'constant' },
    epochs: opts.epochs,
    batchSize: opts.batchSize,
    weighting: { name: opts.weighting, params: parseKeyValues(opts.weightingParam, '--weighting-param') },
    seed: opts.seeds?.length ? opts.seeds[0] : opts.seed,
    ...(opts.seeds && opts.seeds.length > 1 ? { seeds: opts.seeds } : {}),
    ...(opts.backend ? { backend: opts.backend as BackendName } : {}),
    ...(opts.maxSteps ? { maxStepsPerEpoch: opts.maxSteps } : {}),
    ...(opts.affinityEvery ? { affinity: { every: opts.affinityEvery } } : {}),
    ...(opts.baselines ? { baselines: true } : {}),
  };

  const status = new Map<string, RunStatus>();
  const names = new Map<string, string>();
  let lastLine = 0;
  const offProgress = wb.events.on('runProgress', (p) => {
    const now = Date.now();
    if (now - lastLine < 2000) return;
    lastLine = now;
    const losses = Object.entries(p.losses).map(([t, v]) => `${t || 'total'} ${fmt(v)}`).join(', ');
    process.stderr.write(`[${names.get(p.runId) ?? p.runId.slice(0, 8)}] epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.stepsPerEpoch}  ${fmt(p.samplesPerSec)} samples/s  loss ${losses}\n`);
  });
  // one line per finished epoch: the headline metric of each task on the evaluation rows just written
  const offMetrics = wb.events.on('runMetrics', (m) => {
    const byEpoch = new Map<number, string[]>();
    for (const split of ['validation', 'train'] as const) {
      for (const r of m.rows) {
        if (r.split !== split || !r.task || (byEpoch.get(r.epoch)?.some((x) => x.startsWith(`${r.task} `)) ?? false)) continue;
        if (!['accuracy', 'mse', 'auc', 'f1', 'r2', 'mae', 'rmse', 'loss'].includes(r.metric)) continue;
        const list = byEpoch.get(r.epoch) ?? [];
        if (list.some((x) => x.startsWith(`${r.task} `))) continue;
        const headline = m.rows.find((x) => x.split === split && x.task === r.task && x.epoch === r.epoch && x.metric !== 'loss') ?? r;
        list.push(`${r.task} ${headline.metric} ${fmt(headline.value)} (${split})`);
        byEpoch.set(r.epoch, list);
      }
    }
    for (const [epoch, parts] of byEpoch) {
      process.stderr.write(`[${names.get(m.runId) ?? m.runId.slice(0, 8)}] epoch ${epoch}/${config.epochs} done  ${parts.join(', ')}\n`);
    }
  });
  let wake: () => void = () => {};
  const offStatus = wb.events.on('runStatus', (s) => {
    status.set(s.runId, s.status);
    process.stderr.write(`[${names.get(s.runId) ?? s.runId.slice(0, 8)}] ${s.status}${s.error ? `: ${s.error}` : ''}\n`);
    wake();
  });

  await printAffinityCost(wb, config);
  const { runIds } = await wb.api.startRun(config);
  for (const id of runIds) {
    const r = await wb.api.getRun(id);
    names.set(id, r.baselineTask ? `baseline ${r.baselineTask}` : id.slice(0, 8));
    if (!status.has(id) || ended(r.status)) status.set(id, r.status);
  }
  const interrupt = () => {
    process.stderr.write('stopping…\n');
    for (const id of runIds) if (!ended(status.get(id)!)) wb.api.stopRun(id).catch(() => {});
  };
  process.once('SIGINT', interrupt);
  try {
    while (!runIds.every((id) => ended(status.get(id)!))) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 2000);
      });
      for (const id of runIds) if (!ended(status.get(id)!)) status.set(id, (await wb.api.getRun(id)).status);
    }
  } finally {
    process.off('SIGINT', interrupt);
    offProgress();
    offMetrics();
    offStatus();
  }

  const runs = await Promise.all(runIds.map((id) => wb.api.getRun(id)));
  const results = runs.map(resultOf);
  // one group per seed: its MTL run, then that run's baselines
  const groups = results
    .filter((r) => !r.baselineTask)
    .map((main) => ({ ...main, ...(config.baselines ? { baselines: results.filter((b) => b.baselineOf === main.runId) } : {}) }));
  if (opts.json) {
    const [first, ...others] = groups;
    printJson({ ...first, ...(others.length ? { otherSeeds: others } : {}) });
  } else {
    for (const r of results) printResult(r);
    if (config.affinity) for (const r of results) if (!r.baselineTask) await printAffinityGrouping(wb, r.runId);
  }
  return results.every((r) => r.status === 'completed') ? 0 : 1;
}

/** A run's result as the store summarised it: every task's values at the epoch selected on validation, and the last epoch's. */
function resultOf(run: RunRecord) {
  const summary = run.summary;
  const tasks: Record<string, { selected: Record<string, number | null>; final: Record<string, number | null> }> = {};
  for (const [task, ms] of Object.entries(summary?.tasks ?? {})) {
    tasks[task] = { selected: {}, final: {} };
    for (const [m, s] of Object.entries(ms)) {
      tasks[task].selected[m] = s.value;
      tasks[task].final[m] = s.last;
    }
  }
  return {
    runId: run.id,
    name: run.name,
    status: run.status,
    ...(run.error ? { error: run.error } : {}),
    backend: run.backend,
    device: run.device,
    ...(adapterFromVersions(run.versions) ? { adapter: adapterFromVersions(run.versions) } : {}),
    ...(run.baselineTask ? { baselineOf: run.baselineOf, baselineTask: run.baselineTask } : {}),
    /** The split of the values (test where the run has test data). */
    split: summary?.split ?? null,
    selected: { epoch: summary?.selected?.epoch ?? null, rule: summary?.rule ?? null, split: summary?.selected?.split ?? null },
    ...(summary?.note ? { selectionNote: summary.note } : {}),
    lastEpoch: summary?.lastEpoch ?? null,
    weightsEpoch: run.weightsEpoch,
    tasks,
  };
}

function printResult(r: ReturnType<typeof resultOf>): void {
  const sel = r.selected.epoch === null ? 'no epoch selected' : `epoch ${r.selected.epoch} selected on ${r.selected.split} by ${r.selected.rule ? ruleLabel(r.selected.rule) : '-'}`;
  out(`\nrun ${r.runId}  ${r.name}\nstatus ${r.status}${r.error ? ` (${r.error})` : ''}  backend ${r.backend ?? '-'}  device ${r.device ?? '-'}\n${sel}; weights from epoch ${r.weightsEpoch ?? '-'}\n`);
  const at = `${r.split ?? '-'} @ epoch ${r.selected.epoch ?? '-'}`;
  const last = `last (epoch ${r.lastEpoch ?? '-'})`;
  const rows = Object.entries(r.tasks).flatMap(([task, v]) => Object.keys(v.final).map((metric) => ({ task, metric, selected: v.selected[metric], final: v.final[metric] })));
  if (rows.length) printTable(rows, [['task', (x) => x.task], ['metric', (x) => x.metric], [at, (x) => x.selected], [last, (x) => x.final]]);
}
