// Catalog text in the interface language: the catalog carries English; Chinese lives in
// i18n/locales/zh/catalog.ts under kinds.<Kind>.{label,description} and params.<name>.{label,description}
// (or kinds.<Kind>.params.<name> where one kind means something else by a shared name).
import { useI18n } from 'vue-i18n';
import { getKind } from './catalog.js';

export function useCatalogText() {
  const { t, te } = useI18n();
  const pick = (keys: string[], fallback: string): string => {
    for (const k of keys) if (te(k)) return t(k);
    return fallback;
  };
  return {
    kindLabel: (kind: string) => pick([`catalog.kinds.${kind}.label`], getKind(kind)?.label ?? kind),
    kindDescription: (kind: string) => pick([`catalog.kinds.${kind}.description`], getKind(kind)?.description ?? ''),
    groupLabel: (group: string) => pick([`catalog.groups.${group}`], group),
    /** An enum value (a loss, a metric, an activation) in the interface language, else as it is. */
    valueLabel: (value: string) => pick([`catalog.values.${value}`], value),
    paramLabel: (kind: string, name: string) =>
      pick([`catalog.kinds.${kind}.params.${name}.label`, `catalog.params.${name}.label`], getKind(kind)?.params.find((p) => p.name === name)?.label ?? name),
    paramDescription: (kind: string, name: string) =>
      pick(
        [`catalog.kinds.${kind}.params.${name}.description`, `catalog.params.${name}.description`],
        getKind(kind)?.params.find((p) => p.name === name)?.description ?? '',
      ),
  };
}
