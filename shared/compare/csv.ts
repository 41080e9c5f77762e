// The compare table as CSV (RFC 4180): one line per task and metric, then the Δm line.
// Per run: best and last, plus mean and std where the run belongs to a seed group.
import type { CompareResult } from '../compare.js';

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
  const header = ['task', 'metric', 'direction', 'split'];
  for (const id of result.runIds) {
    header.push(`${name(id)} best`, `${name(id)} last`);
    if (grouped.has(id)) header.push(`${name(id)} mean`, `${name(id)} std`);
  }
  header.push('best run');
  const splits = [...new Set(result.runIds.map((id) => result.evaluationSplits?.[id]).filter(Boolean))].join('/');
  const lines = [header.map(csvField).join(',')];
  for (const row of result.rows) {
    const fields: string[] = [row.task, row.metric, row.higherIsBetter ? 'higher is better' : 'lower is better', splits];
    for (const id of result.runIds) {
      const cell = row.cells[id];
      fields.push(num(cell?.best), num(cell?.last));
      if (grouped.has(id)) fields.push(num(cell?.mean), num(cell?.std));
    }
    fields.push(row.bestRunId ? name(row.bestRunId) : '');
    lines.push(fields.map(csvField).join(','));
  }
  const delta: string[] = ['Δm%', '', 'higher is better', splits];
  for (const id of result.runIds) {
    delta.push(num(result.deltaM[id]), '');
    if (grouped.has(id)) delta.push('', '');
  }
  delta.push('');
  lines.push(delta.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
