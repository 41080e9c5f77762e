// The options of each built-in source, as form fields (not JSON): what the sources' schemas accept
// (electron/datasets/sources/*), with a kind, bounds and default for each field.
export interface OptionField {
  key: string;
  kind: 'int' | 'number' | 'text';
  min?: number;
  max?: number;
  /** Shown as the placeholder-free default value of the field; '' = empty means "all" / "none". */
  default: string;
}

const IMAGE_SET: OptionField[] = [
  { key: 'limit', kind: 'int', min: 2, default: '' },
  { key: 'validation', kind: 'number', min: 0, max: 0.9, default: '0.1' },
];
const LOCAL_COPY: OptionField = { key: 'path', kind: 'text', default: '' };

export const SOURCE_OPTIONS: Record<string, OptionField[]> = {
  'multi-mnist': [...IMAGE_SET, LOCAL_COPY],
  'multi-fashion': [...IMAGE_SET, LOCAL_COPY],
  'multi-fashion-mnist': IMAGE_SET,
  mnist: [...IMAGE_SET, LOCAL_COPY],
  'fashion-mnist': [...IMAGE_SET, LOCAL_COPY],
  'emnist-letters': [...IMAGE_SET, LOCAL_COPY],
  'mmoe-synthetic': [
    { key: 'rows', kind: 'int', min: 10, max: 10_000_000, default: '10000' },
    { key: 'p', kind: 'number', min: -1, max: 1, default: '0.5' },
    { key: 'dim', kind: 'int', min: 2, max: 10_000, default: '100' },
    { key: 'c', kind: 'number', min: 0, default: '1' },
    { key: 'm', kind: 'int', min: 0, max: 1000, default: '10' },
  ],
};

/** Sources offered only under Import (files the user brings). */
export const IMPORT_SOURCES = ['csv', 'image-list', 'idx'];

/** Why a field's text is not acceptable ('' = fine), as an i18n key and args. */
export function fieldProblem(f: OptionField, text: string): { key: string; args?: Record<string, unknown> } | null {
  const s = text.trim();
  if (f.kind === 'text' || s === '') return null;
  const n = Number(s);
  if (!Number.isFinite(n)) return { key: 'datasets.create.errNumber' };
  if (f.kind === 'int' && !Number.isInteger(n)) return { key: 'datasets.create.errInt' };
  if (f.min !== undefined && n < f.min) return { key: 'datasets.create.errMin', args: { min: f.min } };
  if (f.max !== undefined && n > f.max) return { key: 'datasets.create.errMax', args: { max: f.max } };
  return null;
}

/** The options object to send: numbers for numeric fields, empty fields left out. */
export function optionsFrom(fields: OptionField[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const s = (values[f.key] ?? '').trim();
    if (s !== '') out[f.key] = f.kind === 'text' ? s : Number(s);
  }
  return out;
}
