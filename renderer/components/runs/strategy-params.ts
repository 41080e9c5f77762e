// A strategy's parameters between the launch form's text fields and the values startRun takes.
import type { StrategyInfo, StrategyParam } from '../../../shared/strategies.js';

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

/** Text -> values; `errors` names each field that is wrong (translated). */
export function parseParams(strategy: StrategyInfo, text: Record<string, string>, t: Translate) {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const p of strategy.params) {
    const raw = (text[p.name] ?? paramText(p)).trim();
    if (p.type === 'number') {
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v)) errors[p.name] = t('runs.launch.errNumber');
      else if (p.min !== undefined && v < p.min) errors[p.name] = t('runs.launch.errMin', { min: p.min });
      else if (p.max !== undefined && v > p.max) errors[p.name] = t('runs.launch.errMax', { max: p.max });
      else params[p.name] = v;
    } else if (p.type === 'numbers') {
      const parts = raw === '' ? [] : raw.split(/[,\s]+/).filter(Boolean).map(Number);
      if (parts.some((v) => !Number.isFinite(v))) errors[p.name] = t('runs.launch.errNumbers');
      else params[p.name] = parts;
    } else {
      params[p.name] = raw;
    }
  }
  return { params, errors };
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
