// Builds a LayerKind from its data (params, ports) and its pure shape/cost functions: the generic
// parameter checks and default filling live here, so one kind = one small file.
import { en, failure, msg, nest, type Msg } from './messages.js';
import type { InferResult, KerasLayer, LayerGroup, LayerKind, ParamSpec, ParamsOf, Ports, Shape, ShapeContext } from './types.js';

/** A kind as data: its param specs (declared literally, so `p` below is typed from them) and pure functions. */
export interface KindDef<P extends readonly ParamSpec[]> {
  kind: string;
  group: LayerGroup;
  label: string;
  description: string;
  params: P;
  merge?: boolean;
  block?: boolean;
  /** Takes integer ids (a categorical or text feature) on its input, as Embedding does. */
  takesIds?: boolean;
  /** Checks across params (called only when each param passed its own check), as keys and values. */
  check?(p: ParamsOf<P>): Msg[];
  /** Defaults to one input 'in' (multiple = merge) and one output 'out'. */
  ports?(p: ParamsOf<P>): Ports;
  infer(inputs: Shape[][], p: ParamsOf<P>, ctx: ShapeContext): InferResult;
  countParams?(inputs: Shape[][], p: ParamsOf<P>, ctx: ShapeContext): number;
  countMacs?(inputs: Shape[][], p: ParamsOf<P>, ctx: ShapeContext): number;
  /** The equivalent tf.keras layer (see KerasLayer). */
  keras?(p: ParamsOf<P>, ctx: ShapeContext): KerasLayer;
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The key of a spec's allowed range (messages.ts range.*), with min and max as args. */
function rangeArgs(s: ParamSpec): Record<string, string | number> {
  const args: Record<string, string | number> = {};
  if (s.min !== undefined) args.min = s.min;
  if (s.max !== undefined) args.max = s.max;
  let key: string;
  if (s.min !== undefined && s.max !== undefined && !s.minExclusive && !s.maxExclusive) key = 'between';
  else {
    const lo = s.min !== undefined ? (s.minExclusive ? 'above' : 'at-least') : '';
    const hi = s.max !== undefined ? (s.maxExclusive ? 'below' : 'at-most') : '';
    key = [lo, hi].filter(Boolean).join('-');
  }
  args.$range = `range.${key}`;
  return args;
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

/** Problems with one param value against its spec, as keys and values (empty when fine). */
export function checkParamMsgs(s: ParamSpec, v: unknown): Msg[] {
  const param = s.name;
  const m = (key: string, args: Record<string, string | number> = {}): Msg[] => [msg(`param.${key}`, { param, ...args })];
  if (v === undefined || v === null) {
    if (s.optional || s.default === undefined) return [];
    return m('missing');
  }
  switch (s.type) {
    case 'int':
      if (!num(v) || !Number.isInteger(v)) return m('int', { got: show(v) });
      if (!inRange(s, v)) return m('range', { got: v, ...rangeArgs(s) });
      return [];
    case 'float':
      if (!num(v)) return m('number', { got: show(v) });
      if (!inRange(s, v)) return m('range', { got: v, ...rangeArgs(s) });
      return [];
    case 'bool':
      return typeof v === 'boolean' ? [] : m('bool', { got: show(v) });
    case 'enum': {
      const opts = s.options ?? [];
      const options = opts.join(', ');
      if (s.multiple) {
        if (!Array.isArray(v)) return m('enum-list', { options, got: show(v) });
        const bad = v.filter((x) => typeof x !== 'string' || !opts.includes(x));
        return bad.length ? m('enum-item', { options, got: show(bad[0]) }) : [];
      }
      return typeof v === 'string' && opts.includes(v) ? [] : m('enum', { options, got: show(v) });
    }
    case 'ints': {
      if (!Array.isArray(v) || v.some((x) => !num(x) || !Number.isInteger(x))) return m('ints', { got: show(v) });
      if (s.minLength !== undefined && v.length < s.minLength)
        return m(s.minLength === 1 ? 'ints-min-one' : 'ints-min', { minLength: s.minLength, length: v.length });
      if (s.maxLength !== undefined && v.length > s.maxLength) return m('ints-max', { maxLength: s.maxLength, length: v.length });
      const bad = (v as number[]).find((x) => !inRange(s, x));
      if (bad !== undefined) return m('ints-range', { got: bad, ...rangeArgs(s) });
      return [];
    }
    case 'string':
    case 'dataset':
    case 'feature':
    case 'task':
      return typeof v === 'string' ? [] : m('text', { got: show(v) });
  }
}

/** Problems with one param value against its spec (empty when fine), in English. */
export function checkParam(s: ParamSpec, v: unknown): string[] {
  return checkParamMsgs(s, v).map((x) => en(x.key, x.args));
}

function asParams(params: unknown): Record<string, unknown> {
  return params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}

export function defineKind<const P extends readonly ParamSpec[]>(def: KindDef<P>): LayerKind {
  const specs: ParamSpec[] = [...def.params];
  // The params as the specs type them: infer runs only once every param passed its spec's check; ports, costs
  // and keras are asked only of nodes whose shapes were inferred (and ports() is guarded below).
  const typed = (params: Record<string, unknown>) => withDefaults(params) as ParamsOf<P>;
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
  const paramProblems = (params: Record<string, unknown>): Msg[] => {
    const p = withDefaults(params);
    const problems: Msg[] = [];
    // an explicit null is not "absent": refused, rather than silently replaced by the default
    const given = asParams(params);
    for (const s of specs) {
      if (given[s.name] === null && !s.optional && s.default !== undefined) problems.push(msg('param.null', { param: s.name, default: show(s.default) }));
    }
    for (const s of specs) problems.push(...checkParamMsgs(s, p[s.name]));
    if (problems.length === 0 && def.check) problems.push(...def.check(p as ParamsOf<P>));
    return problems;
  };
  const checkParams = (params: Record<string, unknown>): string[] => paramProblems(params).map((m) => en(m.key, m.args));
  return {
    kind: def.kind,
    group: def.group,
    label: def.label,
    description: def.description,
    params: specs,
    merge: def.merge,
    block: def.block,
    takesIds: def.takesIds,
    withDefaults,
    checkParams,
    paramProblems,
    ports(params) {
      try {
        return ports(typed(params));
      } catch {
        return { inputs: [], outputs: [] };
      }
    },
    inferShapes(inputs, params, ctx) {
      const p = withDefaults(params);
      const bad = paramProblems(p);
      if (bad.length) return failure('infer.bad-param', nest(bad[0], 'param'));
      return def.infer(inputs, p as ParamsOf<P>, ctx);
    },
    countParams(inputs, params, ctx) {
      return def.countParams ? def.countParams(inputs, typed(params), ctx) : 0;
    },
    countMacs(inputs, params, ctx) {
      return def.countMacs ? def.countMacs(inputs, typed(params), ctx) : 0;
    },
    ...(def.keras ? { keras: (params: Record<string, unknown>, ctx: ShapeContext) => def.keras!(typed(params), ctx) } : {}),
  };
}
