// Builds a LayerKind from its data (params, ports) and its pure shape/cost functions: the generic
// parameter checks and default filling live here, so one kind = one small file.
import type { InferResult, KerasLayer, LayerGroup, LayerKind, ParamSpec, Ports, Shape, ShapeContext } from './types.js';

export interface KindDef {
  kind: string;
  group: LayerGroup;
  label: string;
  description: string;
  params: ParamSpec[];
  merge?: boolean;
  block?: boolean;
  /** Checks across params (called only when each param passed its own check). */
  check?(p: Record<string, any>): string[];
  /** Defaults to one input 'in' (multiple = merge) and one output 'out'. */
  ports?(p: Record<string, any>): Ports;
  infer(inputs: Shape[][], p: Record<string, any>, ctx: ShapeContext): InferResult;
  countParams?(inputs: Shape[][], p: Record<string, any>, ctx: ShapeContext): number;
  countMacs?(inputs: Shape[][], p: Record<string, any>, ctx: ShapeContext): number;
  /** The equivalent tf.keras layer (see KerasLayer). */
  keras?(p: Record<string, any>, ctx: ShapeContext): KerasLayer;
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function rangeText(s: ParamSpec): string {
  if (s.min !== undefined && s.max !== undefined && !s.minExclusive && !s.maxExclusive) return `between ${s.min} and ${s.max}`;
  const lo = s.min !== undefined ? `${s.minExclusive ? 'above' : 'at least'} ${s.min}` : '';
  const hi = s.max !== undefined ? `${s.maxExclusive ? 'below' : 'at most'} ${s.max}` : '';
  return [lo, hi].filter(Boolean).join(' and ');
}

function inRange(s: ParamSpec, v: number): boolean {
  if (s.min !== undefined && (s.minExclusive ? v <= s.min : v < s.min)) return false;
  if (s.max !== undefined && (s.maxExclusive ? v >= s.max : v > s.max)) return false;
  return true;
}

function show(v: unknown): string {
  try {
    const t = JSON.stringify(v);
    if (t === undefined) return String(v);
    return t.length > 40 ? t.slice(0, 37) + '...' : t;
  } catch {
    return String(v);
  }
}

/** Problems with one param value against its spec (empty when fine). */
export function checkParam(s: ParamSpec, v: unknown): string[] {
  if (v === undefined || v === null) {
    if (s.optional || s.default === undefined) return [];
    return [`${s.name} is missing`];
  }
  switch (s.type) {
    case 'int':
      if (!num(v) || !Number.isInteger(v)) return [`${s.name} must be a whole number (got ${show(v)})`];
      if (!inRange(s, v)) return [`${s.name} must be ${rangeText(s)} (got ${v})`];
      return [];
    case 'float':
      if (!num(v)) return [`${s.name} must be a number (got ${show(v)})`];
      if (!inRange(s, v)) return [`${s.name} must be ${rangeText(s)} (got ${v})`];
      return [];
    case 'bool':
      return typeof v === 'boolean' ? [] : [`${s.name} must be true or false (got ${show(v)})`];
    case 'enum': {
      const opts = s.options ?? [];
      if (s.multiple) {
        if (!Array.isArray(v)) return [`${s.name} must be a list of ${opts.join(', ')} (got ${show(v)})`];
        const bad = v.filter((x) => typeof x !== 'string' || !opts.includes(x));
        return bad.length ? [`${s.name} may only hold ${opts.join(', ')} (got ${show(bad[0])})`] : [];
      }
      return typeof v === 'string' && opts.includes(v) ? [] : [`${s.name} must be one of ${opts.join(', ')} (got ${show(v)})`];
    }
    case 'ints': {
      if (!Array.isArray(v) || v.some((x) => !num(x) || !Number.isInteger(x)))
        return [`${s.name} must be a list of whole numbers (got ${show(v)})`];
      if (s.minLength !== undefined && v.length < s.minLength)
        return [`${s.name} needs at least ${s.minLength} number${s.minLength === 1 ? '' : 's'} (got ${v.length})`];
      if (s.maxLength !== undefined && v.length > s.maxLength)
        return [`${s.name} takes at most ${s.maxLength} numbers (got ${v.length})`];
      const bad = (v as number[]).find((x) => !inRange(s, x));
      if (bad !== undefined) return [`each of ${s.name} must be ${rangeText(s)} (got ${bad})`];
      return [];
    }
    case 'string':
    case 'dataset':
    case 'feature':
    case 'task':
      return typeof v === 'string' ? [] : [`${s.name} must be text (got ${show(v)})`];
  }
}

function asParams(params: unknown): Record<string, unknown> {
  return params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}

export function defineKind(def: KindDef): LayerKind {
  const specs = def.params;
  const withDefaults = (params: Record<string, unknown>): Record<string, unknown> => {
    const src = asParams(params);
    const out: Record<string, unknown> = { ...src };
    for (const s of specs) {
      const v = src[s.name];
      if ((v === undefined || v === null) && s.default !== undefined) {
        out[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
      }
    }
    return out;
  };
  const ports =
    def.ports ??
    (() => ({ inputs: [{ name: 'in', multiple: !!def.merge }], outputs: ['out'] }));
  const checkParams = (params: Record<string, unknown>): string[] => {
    const p = withDefaults(params);
    const problems: string[] = [];
    for (const s of specs) problems.push(...checkParam(s, p[s.name]));
    if (problems.length === 0 && def.check) problems.push(...def.check(p));
    return problems;
  };
  return {
    kind: def.kind,
    group: def.group,
    label: def.label,
    description: def.description,
    params: specs,
    merge: def.merge,
    block: def.block,
    withDefaults,
    checkParams,
    ports(params) {
      try {
        return ports(withDefaults(params));
      } catch {
        return { inputs: [], outputs: [] };
      }
    },
    inferShapes(inputs, params, ctx) {
      const p = withDefaults(params);
      const bad = checkParams(p);
      if (bad.length) return { error: `has a bad parameter: ${bad[0]}` };
      return def.infer(inputs, p, ctx);
    },
    countParams(inputs, params, ctx) {
      return def.countParams ? def.countParams(inputs, withDefaults(params), ctx) : 0;
    },
    countMacs(inputs, params, ctx) {
      return def.countMacs ? def.countMacs(inputs, withDefaults(params), ctx) : 0;
    },
    ...(def.keras ? { keras: (params: Record<string, unknown>, ctx: ShapeContext) => def.keras!(withDefaults(params), ctx) } : {}),
  };
}
