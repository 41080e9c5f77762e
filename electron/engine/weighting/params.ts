// Reads a strategy's params against its declared StrategyParam list: defaults, types, ranges, options.
import type { StrategyInfo } from '../../../shared/strategies.js';

export function readParams(info: StrategyInfo, given: Record<string, unknown> = {}): Record<string, unknown> {
  const known = new Set(info.params.map((p) => p.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) {
      const names = info.params.map((p) => p.name).join(', ') || 'none';
      throw new Error(`Weighting '${info.name}' has no parameter '${key}' (its parameters: ${names})`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const p of info.params) {
    let v = given[p.name] ?? p.default;
    const where = `Weighting '${info.name}', parameter '${p.name}'`;
    if (p.type === 'number') {
      if (typeof v === 'string' && v.trim() !== '') v = Number(v);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: expected a number, got ${JSON.stringify(v)}`);
      if (p.min !== undefined && v < p.min) throw new Error(`${where}: ${v} is below the minimum ${p.min}`);
      if (p.max !== undefined && v > p.max) throw new Error(`${where}: ${v} is above the maximum ${p.max}`);
    } else if (p.type === 'numbers') {
      if (typeof v === 'string') v = v.split(/[,\s]+/).filter(Boolean).map(Number);
      if (typeof v === 'number') v = [v];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
        throw new Error(`${where}: expected a list of numbers, got ${JSON.stringify(v)}`);
      }
    } else {
      v = String(v);
      if (p.options && !p.options.includes(v as string)) {
        throw new Error(`${where}: '${v}' is not one of ${p.options.join(', ')}`);
      }
    }
    out[p.name] = v;
  }
  return out;
}
