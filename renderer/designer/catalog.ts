// The renderer's view of the shared catalog and validator (both pure, run here on every edit).
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import type { ValidationResult } from '../../shared/problems.js';
import { validateDesign, type ValidateOptions } from '../../shared/validate.js';
export { listTemplates } from '../../shared/templates/index.js';
export { getKind, listKinds, defaultParams, GROUPS, checkParam, checkParamMsgs } from '../../shared/catalog/index.js';
export type { LayerKind, LayerGroup, ParamSpec, PortSpec } from '../../shared/catalog/index.js';

/** Validation and shape inference of the whole design: pure, fast, run on every edit. */
export function validate(design: Design, datasets: DatasetInfo[], opts: ValidateOptions = {}): ValidationResult {
  return validateDesign(design, datasets, opts);
}

/** 1234 -> '1.23k', 5_600_000 -> '5.6M'. */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  const fmt = (v: number, s: string) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') + s;
  if (abs >= 1e9) return fmt(n / 1e9, 'G');
  if (abs >= 1e6) return fmt(n / 1e6, 'M');
  if (abs >= 1e3) return fmt(n / 1e3, 'k');
  return String(n);
}
