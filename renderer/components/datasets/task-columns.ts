// The CSV import's task list as the Task columns field writes it ("a, b:regression") and as the preview's
// column clicks edit it: one entry per task column, with its kind when one was chosen.
export type TaskKindChoice = 'binary' | 'multiclass' | 'regression';

export interface TaskEntry {
  column: string;
  kind?: TaskKindChoice;
}

const KINDS: TaskKindChoice[] = ['binary', 'multiclass', 'regression'];

export function parseTaskList(text: string): TaskEntry[] {
  return text.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
    const i = x.lastIndexOf(':');
    const kind = i > 0 ? x.slice(i + 1).trim() : '';
    return KINDS.includes(kind as TaskKindChoice) ? { column: x.slice(0, i).trim(), kind: kind as TaskKindChoice } : { column: x };
  });
}

export function formatTaskList(entries: TaskEntry[]): string {
  return entries.map((e) => (e.kind ? `${e.column}:${e.kind}` : e.column)).join(', ');
}

/** Adds the column as a task (with its detected kind) or removes it. */
export function toggleTask(text: string, column: string, detected: TaskKindChoice | null): string {
  const list = parseTaskList(text);
  const at = list.findIndex((e) => e.column === column);
  if (at >= 0) list.splice(at, 1);
  else list.push({ column, kind: detected ?? undefined });
  return formatTaskList(list);
}

export function setTaskKind(text: string, column: string, kind: TaskKindChoice): string {
  return formatTaskList(parseTaskList(text).map((e) => (e.column === column ? { column, kind } : e)));
}
