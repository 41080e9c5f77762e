// Which epoch's weights to keep: the loop hands each epoch's rows here and keeps a copy of the weights whenever
// the selected epoch moves to the one just trained. It runs the same summarizeRun the store runs on the same
// rows, so the kept weights are those of the run's selected epoch. (Selection by Δm needs the baselines, which
// train separately: in the loop it falls back to the first-epoch normalisation, and the run record says which
// epoch the weights are from.)
import type { MetricRow, RunConfig } from '../../../shared/run.js';
import { curvesOfRows } from '../../../shared/compare/curves.js';
import { summarizeRun } from '../../../shared/results/summary.js';

export class EpochSelector {
  private readonly rows: MetricRow[] = [];
  selected: number | null = null;

  constructor(private readonly config: Pick<RunConfig, 'selection' | 'earlyStopping'>) {}

  /** Adds an epoch's rows; true where that epoch is now the selected one. */
  add(epoch: number, rows: readonly MetricRow[]): boolean {
    for (const r of rows) if (r.split === 'validation' || r.split === 'train') this.rows.push(r);
    const summary = summarizeRun(curvesOfRows(this.rows), { selection: this.config.selection, earlyStopping: this.config.earlyStopping });
    this.selected = summary.selected?.epoch ?? null;
    return this.selected === epoch;
  }
}
