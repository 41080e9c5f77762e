// How a design's task heads are named in runs, metrics and events (one rule for the engine and the UI).

/** Head keys: the task name, or 'dataset/task' where two heads' task names clash (then '#id' if still equal). */
export function headKeys(heads: { id: string; dataset: string; task: string }[]): string[] {
  const count = new Map<string, number>();
  for (const h of heads) count.set(h.task, (count.get(h.task) ?? 0) + 1);
  const keys = heads.map((h) => (count.get(h.task)! > 1 ? `${h.dataset}/${h.task}` : h.task));
  const seen = new Map<string, number>();
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  return keys.map((k, i) => (seen.get(k)! > 1 ? `${k}#${heads[i].id}` : k));
}
