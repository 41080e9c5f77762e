// `sweep`: start a sweep from a spec file and drive it to its end (here, or on queue workers with --queue);
// `sweep list|show|pause|resume|cancel`.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Design } from '../../../shared/design.js';
import type { SweepDetail, SweepSpec } from '../../../shared/sweep.js';
import { sweepResultsCsv } from '../../../shared/sweep-results.js';
import { resolveHome } from '../../paths.js';
import type { Workbench } from '../../services/workbench.js';
import { withWorkbench } from '../context.js';
import { CliError, fmt, printJson, printTable, out } from '../output.js';

interface DriveOptions {
  home?: string;
  json?: boolean;
  queue?: string;
  listen?: string;
  token?: string;
}

const queueOptions = (c: Command) =>
  c
    .option('--queue <url>', 'train on `mtl-workbench worker` processes through this Redis queue: redis://[:password@]host:port')
    .option('--listen <host:port>', 'with --queue: where workers reach this coordinator (default 127.0.0.1:<free port>)')
    .option('--token <token>', 'with --queue: the token workers must give (default: $MTLW_WORKER_TOKEN)')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print the sweep and its trials as JSON when it ends');

/** Opens the workbench (a queue coordinator with --queue), runs fn, closes on its end or on Ctrl-C. */
async function drive(opts: DriveOptions, fn: (wb: Workbench) => Promise<void>): Promise<void> {
  if (!opts.queue) return withWorkbench(opts, fn);
  const token = opts.token ?? process.env.MTLW_WORKER_TOKEN;
  if (!token) throw new CliError('--queue needs a worker token: --token T or $MTLW_WORKER_TOKEN (at least 16 characters)', 'usage');
  const { startCoordinator } = await import('../../queue/coordinator.js');
  const home = resolveHome({ argv: opts.home ? ['--home', opts.home] : [] });
  const c = await startCoordinator({ home, transport: 'in-process', queue: opts.queue, listen: opts.listen, token });
  process.stderr.write(`coordinator for workers at ${c.server.url}\n  start workers with: mtl-workbench worker --queue ${opts.queue.replace(/\/\/([^@/]*)@/, '//***@')} --coordinator ${c.server.url} --token …\n`);
  const stop = () => void c.close().then(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await fn(c.workbench);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await c.close();
  }
}

function readSpec(file: string): SweepSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: no such spec file`, 'not-found');
  }
  try {
    return JSON.parse(text) as SweepSpec;
  } catch (err) {
    throw new CliError(`${file}: not JSON (${(err as Error).message})`, 'invalid-argument');
  }
}

/** Prints the sweep's progress on stderr as its runs end, until the driver lets it go. */
async function follow(wb: Workbench, id: string): Promise<void> {
  const line = () => {
    const s = wb.store.sweeps.get(id);
    if (!s) return;
    const done = Object.entries(s.counts).filter(([k]) => !['queued', 'running', 'pending'].includes(k)).reduce((n, [, v]) => n + v, 0);
    process.stderr.write(`[sweep ${id.slice(0, 8)}] ${s.status}: ${done}/${s.total} runs ended (${Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', ')})\n`);
  };
  const off = wb.events.on('runStatus', (e) => {
    if (e.status !== 'queued' && e.status !== 'running') line();
  });
  try {
    await wb.sweeps.settled(id);
  } finally {
    off();
  }
}

function show(detail: SweepDetail, json?: boolean): void {
  if (json) return printJson(detail);
  const s = detail.sweep;
  out(`${s.name} (${s.id})\n${s.status} on ${s.executor === 'queue' ? 'the queue' : 'this machine'}: ${s.total} runs\n\n`);
  printTable(detail.trials, [
    ['#', (t) => t.index],
    ['trial', (t) => t.label],
    ['status', (t) => t.runStatus ?? 'pending'],
    ['worker', (t) => t.worker ?? ''],
    ['run', (t) => t.runId?.slice(0, 8) ?? ''],
  ]);
  const r = detail.results;
  if (r.strategies.length === 0) return;
  const tasks = Object.keys(r.headline);
  out(`\nSelected on validation per strategy; test values as mean [95% interval] over seeds; Δm vs ${r.reference}:\n`);
  printTable(r.strategies, [
    ['strategy', (s) => s.strategy],
    ['configuration', (s) => s.label],
    ['seeds', (s) => s.seeds],
    ...tasks.map((t): [string, (s: (typeof r.strategies)[number]) => unknown] => [`${t} ${r.headline[t]}`, (s) => {
      const v = s.test[t]?.[r.headline[t]];
      return v ? `${fmt(v.mean)}${v.ci95 ? ` [${fmt(v.ci95[0])}, ${fmt(v.ci95[1])}]` : ''}` : '';
    }]),
    ['Δm %', (s) => (s.deltaM === null ? '' : fmt(s.deltaM))],
  ]);
  if (r.frontTasks) out(`\nPareto front on ${r.frontTasks.join(' × ')}: ${r.configurations.filter((c) => c.onFront).map((c) => c.label).join('; ')}\n`);
}

async function resolveSweepId(wb: Workbench, idOrPrefix: string): Promise<string> {
  const all = await wb.api.listSweeps();
  const matches = all.filter((s) => s.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1 && !matches.some((s) => s.id === idOrPrefix)) throw new CliError(`Sweep id prefix '${idOrPrefix}' matches ${matches.length} sweeps; give more characters.`, 'invalid-argument');
  return idOrPrefix;
}

export function sweepCommand(program: Command): void {
  const sweep = queueOptions(
    program
      .command('sweep')
      .description('run a sweep: a spec file of a base config and axes (see README: Sweeps); waits until it ends')
      .argument('[spec]', 'the sweep spec (JSON)'),
  ).action(async (file: string | undefined, opts: DriveOptions) => {
    if (!file) throw new CliError('give a spec file: mtl-workbench sweep spec.json (or sweep list|show|pause|resume|cancel)', 'usage');
    const spec = readSpec(file);
    await drive(opts, async (wb) => {
      const design = spec.base?.design as unknown;
      if (typeof design === 'string' && design.startsWith('template:')) {
        spec.base.design = (await wb.api.buildTemplate({ template: design.slice('template:'.length), datasetIds: spec.base.datasets })) as Design;
      }
      const started = await wb.api.startSweep(spec);
      process.stderr.write(`sweep ${started.id} started: ${started.total} runs\n`);
      await follow(wb, started.id);
      show(await wb.api.getSweep(started.id), opts.json);
    });
  });

  sweep
    .command('list')
    .description('list sweeps')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (_o: DriveOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<DriveOptions>();
      return withWorkbench(opts, async (wb) => {
        const all = await wb.api.listSweeps();
        if (opts.json) return printJson(all);
        printTable(all, [['id', (s) => s.id.slice(0, 8)], ['name', (s) => s.name], ['status', (s) => s.status], ['runs', (s) => s.total], ['on', (s) => s.executor]]);
      });
    });

  sweep
    .command('show')
    .description('a sweep, its trials, their runs and workers, and its results')
    .argument('<id>', 'sweep id (or a unique prefix)')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .option('--csv', 'print the results per strategy as CSV')
    .action(async (id: string, _o: DriveOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<DriveOptions>();
      await withWorkbench(opts, async (wb) => {
        const detail = await wb.api.getSweep(await resolveSweepId(wb, id));
        if ((opts as { csv?: boolean }).csv) out(sweepResultsCsv(detail.results));
        else show(detail, opts.json);
      });
    });

  for (const verb of ['pause', 'cancel'] as const) {
    sweep
      .command(verb)
      .description(verb === 'pause' ? 'start no more of its runs (those running finish)' : 'start no more of its runs and stop those running')
      .argument('<id>', 'sweep id (or a unique prefix)')
      .option('--home <dir>', 'data folder')
      .option('--json', 'print JSON')
      .action(async (id: string, _o: DriveOptions, cmd: Command) => {
        const opts = cmd.optsWithGlobals<DriveOptions>();
        await withWorkbench(opts, async (wb) => {
          const sid = await resolveSweepId(wb, id);
          const s = verb === 'pause' ? await wb.api.pauseSweep(sid) : await wb.api.cancelSweep(sid);
          if (!wb.sweeps.drivenElsewhere(sid)) await follow(wb, sid); // a cancel stops its runs from here
          if (opts.json) printJson(s);
          else out(`sweep ${s.id}: ${s.status}\n`);
        });
      });
  }

  queueOptions(sweep.command('resume').description('resume a paused sweep, or drive one whose process ended (waits until it ends)').argument('<id>', 'sweep id (or a unique prefix)')).action(
    async (id: string, _o: DriveOptions, cmd: Command) =>
      drive(cmd.optsWithGlobals<DriveOptions>(), async (wb) => {
        const opts = cmd.optsWithGlobals<DriveOptions>();
        const sid = await resolveSweepId(wb, id);
        const s = await wb.api.resumeSweep(sid);
        if (wb.sweeps.drivenElsewhere(sid)) {
          if (opts.json) printJson(s);
          else out(`sweep ${s.id}: running (driven by another process)\n`);
          return;
        }
        await follow(wb, sid);
        show(await wb.api.getSweep(sid), opts.json);
      }),
  );
}
