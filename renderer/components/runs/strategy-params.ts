// A strategy's parameters between the launch form's text fields and the values startRun takes.
import { checkParams, type ParamIssue, type StrategyInfo, type StrategyParam } from '../../../shared/strategies.js';

export function paramText(p: StrategyParam): string {
  if (Array.isArray(p.default)) return p.default.join(', ');
  return p.default === undefined || p.default === null ? '' : String(p.default);
}

export function paramTexts(strategy: StrategyInfo, values: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of strategy.params) {
    const v = values[p.name];
    out[p.name] = v === undefined ? paramText(p) : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Text -> values, checked by the strategy's own parameter rules (shared checkParams); `errors` names each field that is wrong (translated). */
export function parseParams(strategy: StrategyInfo, text: Record<string, string>, t: Translate) {
  const raw: Record<string, unknown> = {};
  for (const p of strategy.params) {
    const s = (text[p.name] ?? paramText(p)).trim();
    if (p.type === 'number') raw[p.name] = s === '' ? Number.NaN : Number(s);
    else if (p.type === 'numbers') raw[p.name] = s === '' ? [] : s.split(/[,\s]+/).filter(Boolean).map(Number);
    else raw[p.name] = s;
  }
  const res = checkParams(strategy, raw);
  if (res.ok) return { params: res.values, errors: {} as Record<string, string> };
  const errors: Record<string, string> = {};
  for (const i of res.issues) errors[i.param] ??= issueText(i, t);
  const params = Object.fromEntries(Object.entries(raw).filter(([k]) => !(k in errors)));
  return { params, errors };
}

function issueText(i: ParamIssue, t: Translate): string {
  switch (i.code) {
    case 'number': return t('runs.launch.errNumber');
    case 'numbers': return t('runs.launch.errNumbers');
    case 'min': return t('runs.launch.errMin', { min: i.min });
    case 'max': return t('runs.launch.errMax', { max: i.max });
    default: return t('runs.launch.errOption');
  }
}

/** "1, 2,3" -> [1, 2, 3]; null where a part is not an integer, or nothing is given. */
export function parseSeeds(text: string): number[] | null {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const seeds = parts.map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) return null;
  return [...new Set(seeds)];
}

/** i18n key of a strategy (registry names may hold '-'). */
export function strategyKey(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}
