// Which view is shown, kept in the location hash (#/designer) so a reload keeps it.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const VIEWS = ['designer', 'runs', 'sweeps', 'compare', 'datasets', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export function parseHash(hash: string): { view: ViewName; query: URLSearchParams } {
  const m = /^#\/([^?]*)(?:\?(.*))?$/.exec(hash);
  const name = (m?.[1] ?? '') as ViewName;
  return { view: (VIEWS as readonly string[]).includes(name) ? name : 'designer', query: new URLSearchParams(m?.[2] ?? '') };
}

export const useNavigationStore = defineStore('navigation', () => {
  const initial = parseHash(typeof location !== 'undefined' ? location.hash : '');
  const view = ref<ViewName>(initial.view);
  const query = ref<Record<string, string>>(Object.fromEntries(initial.query));
  /** Views may refuse to be left (unsaved changes): return false to stay. */
  const guards = new Set<(to: ViewName) => boolean>();

  function go(to: ViewName, params: Record<string, string> = {}): boolean {
    if (to !== view.value) for (const g of guards) if (!g(to)) return false;
    view.value = to;
    query.value = params;
    const qs = new URLSearchParams(params).toString();
    const hash = `#/${to}${qs ? `?${qs}` : ''}`;
    if (typeof location !== 'undefined' && location.hash !== hash) history.replaceState(null, '', hash);
    return true;
  }

  function addGuard(g: (to: ViewName) => boolean): () => void {
    guards.add(g);
    return () => guards.delete(g);
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('hashchange', () => {
      const p = parseHash(location.hash);
      view.value = p.view;
      query.value = Object.fromEntries(p.query);
    });
    if (!location.hash) history.replaceState(null, '', `#/${view.value}`);
  }

  return { view, query, go, addGuard };
});
