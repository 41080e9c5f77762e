// Which optional columns the Runs list shows (the column chooser), remembered in this browser.
import { ref, watch } from 'vue';

/** Columns a user may hide; name, status, best and the row actions always show. */
export const OPTIONAL_COLUMNS = ['design', 'dataset', 'strategy', 'backend', 'duration', 'created', 'tags', 'notes'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

const KEY = 'mtlw-runs-hidden-columns';
/** Hidden until asked for: the least used, so that the list fits a 1600 px window with baselines and notes. */
const DEFAULT_HIDDEN: OptionalColumn[] = ['backend', 'created'];

function read(): OptionalColumn[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as unknown;
    if (Array.isArray(v)) return v.filter((c): c is OptionalColumn => (OPTIONAL_COLUMNS as readonly string[]).includes(c));
  } catch {
    /* storage unavailable */
  }
  return [...DEFAULT_HIDDEN];
}

const hidden = ref<OptionalColumn[]>(typeof localStorage === 'undefined' ? [...DEFAULT_HIDDEN] : read());
watch(hidden, (v) => {
  try {
    localStorage.setItem(KEY, JSON.stringify(v));
  } catch {
    /* ignore */
  }
});

export function useRunColumns() {
  const toggle = (c: OptionalColumn) => (hidden.value = hidden.value.includes(c) ? hidden.value.filter((x) => x !== c) : [...hidden.value, c]);
  /** Classes for the table: `hide-<column>` for each hidden one (the cells carry `col-<column>`). */
  const tableClass = () => hidden.value.map((c) => `hide-${c}`);
  return { hidden, toggle, tableClass };
}
