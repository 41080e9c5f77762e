// Weighting strategies as data: what the UI shows and what the launch form asks for.
// The implementations live in electron/engine/weighting/, one file each, keyed by the same name.

export interface StrategyParam {
  name: string;
  type: 'number' | 'string' | 'numbers';
  default: unknown;
  label: string;
  description?: string;
  options?: string[];
  min?: number;
  max?: number;
}

export interface StrategyInfo {
  name: string;
  label: string;
  citation: string;
  description: string;
  /** Needs per-task gradients (on the shared parameters or the shared representation). */
  needsTaskGradients: boolean;
  params: StrategyParam[];
}

/** One thing wrong with a strategy's parameters: which one, a code the UI words in its language, and the English. */
export interface ParamIssue {
  param: string;
  code: 'unknown' | 'number' | 'numbers' | 'string' | 'option' | 'min' | 'max';
  message: string;
  min?: number;
  max?: number;
}

export type ParamCheck = { ok: true; values: Record<string, unknown> } | { ok: false; issues: ParamIssue[] };

/**
 * The one check of a strategy's parameters (the service edge, the engine and the launch form all use it):
 * names, types, ranges and options as `info.params` declares them. On success, `values` holds every
 * parameter, defaults filled in for those not given.
 */
export function checkParams(info: StrategyInfo, given: Record<string, unknown>): ParamCheck {
  const issues: ParamIssue[] = [];
  const known = info.params.map((p) => p.name);
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const list = known.length ? `its parameters: ${known.join(', ')}` : 'it takes none';
    issues.push({ param: key, code: 'unknown', message: `'${info.name}' has no parameter '${key}' (${list}).` });
  }
  const values: Record<string, unknown> = {};
  for (const p of info.params) {
    const v = given[p.name] === undefined ? p.default : given[p.name];
    const issue = (code: ParamIssue['code'], message: string, extra: Partial<ParamIssue> = {}) => issues.push({ param: p.name, code, message, ...extra });
    values[p.name] = v;
    if (p.type === 'string') {
      if (typeof v !== 'string') issue('string', `expected ${p.options ? `one of ${p.options.join(', ')}` : 'a string'}, got ${JSON.stringify(v)}.`);
      else if (p.options && !p.options.includes(v)) issue('option', `'${v}' is not one of ${p.options.join(', ')}.`);
      continue;
    }
    if (p.type === 'numbers' && !Array.isArray(v)) {
      issue('numbers', `expected a list of numbers, got ${JSON.stringify(v)}.`);
      continue;
    }
    for (const n of p.type === 'numbers' ? (v as unknown[]) : [v]) {
      if (typeof n !== 'number' || !Number.isFinite(n)) issue(p.type === 'numbers' ? 'numbers' : 'number', `expected a number, got ${JSON.stringify(n)}.`);
      else if (p.min !== undefined && n < p.min) issue('min', `${n} is below the minimum ${p.min}.`, { min: p.min });
      else if (p.max !== undefined && n > p.max) issue('max', `${n} is above the maximum ${p.max}.`, { max: p.max });
      else continue;
      break;
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, values };
}
