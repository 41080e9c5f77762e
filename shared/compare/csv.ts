// The compare table as CSV (RFC 4180): one line per task and metric, then the Δm line. Per run: the value at
// its selected epoch with that split and epoch, the last epoch's value; for a seed group, mean, std, the 95%
// interval and n, and the p-value of Welch's test against the reference group (the first run's).
import type { CompareResult } from './types.js';
import { ruleLabel } from '../results/summary.js';

export function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function num(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/** @param labels display name per run id (defaults to the id). */
export function comparisonToCsv(result: CompareResult, labels: Record<string, string> = {}): string {
  const name = (id: string) => labels[id] ?? id;
  const grouped = new Set((result.seedGroups ?? []).flat());
  const reference = new Set(result.referenceGroup ?? []);
  const header = ['task', 'metric', 'direction'];
  for (const id of result.runIds) {
    header.push(`${name(id)} value`, `${name(id)} split`, `${name(id)} epoch`, `${name(id)} selected by`, `${name(id)} last`);
    if (grouped.has(id)) header.push(`${name(id)} mean`, `${name(id)} std`, `${name(id)} ci95 low`, `${name(id)} ci95 high`, `${name(id)} n`);
    if (grouped.has(id) && !reference.has(id)) header.push(`${name(id)} p (Welch vs ${name(result.runIds[0])})`);
  }
  header.push('best run');
  const lines = [header.map(csvField).join(',')];
  const selection = (id: string) => {
    const s = result.selections[id];
    return [s?.reportSplit ?? '', s?.epoch ?? '', s ? `${ruleLabel(s.rule)} on ${s.split ?? '-'}` : ''];
  };
  for (const row of result.rows) {
    const fields: unknown[] = [row.task, row.metric, row.higherIsBetter ? 'higher is better' : 'lower is better'];
    for (const id of result.runIds) {
      const cell = row.cells[id];
      fields.push(num(cell?.value), ...selection(id), num(cell?.last));
      if (grouped.has(id)) {
        const st = cell?.stats;
        fields.push(num(st?.mean), num(st?.std), num(st?.ci95?.[0]), num(st?.ci95?.[1]), num(st?.n));
      }
      if (grouped.has(id) && !reference.has(id)) fields.push(num(cell?.welch?.p));
    }
    fields.push(row.bestRunId ? name(row.bestRunId) : '');
    lines.push(fields.map(csvField).join(','));
  }
  const delta: unknown[] = ['Δm%', '', 'higher is better'];
  for (const id of result.runIds) {
    delta.push(num(result.deltaM[id]), ...selection(id), '');
    if (grouped.has(id)) {
      const st = result.deltaMStats?.[id];
      delta.push(num(st?.mean), num(st?.std), num(st?.ci95?.[0]), num(st?.ci95?.[1]), num(st?.n));
    }
    if (grouped.has(id) && !reference.has(id)) delta.push(num(result.deltaMWelch?.[id]?.p));
  }
  delta.push('');
  lines.push(delta.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
