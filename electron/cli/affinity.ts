// Task affinity in the CLI: the cost line before a run that measures it, the suggested grouping after.
import { affinityCostOf, affinityMatrix, bestGroupings, MAX_EXHAUSTIVE_TASKS, suggestGrouping } from '../../shared/affinity.js';
import type { RunConfig } from '../../shared/run.js';
import type { Workbench } from '../services/workbench.js';
import { fmt, out } from './output.js';

export async function printAffinityCost(wb: Workbench, config: RunConfig): Promise<void> {
  if (!config.affinity) return;
  const datasets = await Promise.all(config.datasets.map((id) => wb.api.getDataset(id)));
  const cost = affinityCostOf(config, datasets);
  if (cost) process.stderr.write(`${cost.text}\n`);
}

/** The affinity matrix of a finished run (mean over epochs) and the best grouping for each number of groups. */
export async function printAffinityGrouping(wb: Workbench, runId: string): Promise<void> {
  const rows = await wb.api.getRunMetrics(runId);
  const tasks = [...new Set(rows.filter((r) => r.split === 'diagnostics' && r.task && !r.task.includes('>') && r.metric === 'batches').map((r) => r.task))];
  const z = affinityMatrix(tasks, rows.filter((r) => r.split === 'diagnostics'));
  if (!z.some((row) => row.some(Number.isFinite))) return;
  out(`Task affinity (row's step onto column's loss, mean over epochs):\n`);
  out(`${''.padEnd(12)}${tasks.map((t) => t.padStart(12)).join('')}\n`);
  z.forEach((row, i) => out(`${tasks[i].padEnd(12)}${row.map((x, j) => (i === j ? '—' : fmt(x)).padStart(12)).join('')}\n`));
  if (tasks.length > MAX_EXHAUSTIVE_TASKS) return;
  const names = (groups: number[][]) => groups.map((g) => g.map((i) => tasks[i]).join('+')).join(' | ');
  for (const g of bestGroupings(z)) out(`  ${g.groups.length} group${g.groups.length > 1 ? 's' : ''}: ${names(g.groups)}  (score ${fmt(g.score)})\n`);
  const best = suggestGrouping(z);
  if (best) out(`Suggested grouping: ${names(best.groups)}\n`);
}
