// A task's headline metric: the first of its metrics in the catalog's order that is not the loss.
import { METRICS } from '../metrics.js';

const ORDER = [...Object.keys(METRICS).filter((m) => m !== 'loss'), 'loss'];

export function headlineMetric(metrics: readonly string[]): string | null {
  let best: string | null = null;
  for (const m of metrics) {
    const rank = ORDER.indexOf(m);
    if (rank < 0) continue;
    if (best === null || rank < ORDER.indexOf(best)) best = m;
  }
  return best;
}
