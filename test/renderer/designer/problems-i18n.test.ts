// @vitest-environment happy-dom
// Every problem the validator reports, every shape error of the catalog and every param error reads in the
// user's language: each code (found in the validator's source) has English and Chinese text; worded from
// its code and args through vue-i18n, the English is the validator's message word for word, and the
// Chinese is Chinese with every value filled in. The inspector and the connection refusal say it too.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '../../../renderer/i18n/index.js';
import ParamField from '../../../renderer/components/designer/ParamField.vue';
import { i18nTranslate, phraseText, problemText } from '../../../renderer/designer/problemText.js';
import { checkConnection } from '../../../renderer/designer/connect.js';
import { CATALOG, getKind } from '../../../shared/catalog/registry.js';
import { checkParamMsgs } from '../../../shared/catalog/define.js';
import { en, formatMsg, problemKey, type Msg, type MsgArgs, type Translate } from '../../../shared/catalog/messages.js';
import type { Problem } from '../../../shared/problems.js';
import { validateDesign } from '../../../shared/validate.js';
import EN from '../../../renderer/i18n/locales/en/problems.js';
import ZH from '../../../renderer/i18n/locales/zh/problems.js';
import { inferCalls, paramCalls, problemCorpus } from '../../validate/corpus.js';
import { multiLeNet } from '../../validate/build.js';
import { multiImage } from '../../catalog/helpers.js';

// (happy-dom replaces URL, so the path is built from the folder)
const ROOT = path.resolve(import.meta.dirname, '../../..');
const HAN = /[\u4e00-\u9fff]/;

function leaves(obj: unknown, prefix = ''): [string, string][] {
  if (typeof obj === 'string') return [[prefix, obj]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function resolve(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** The validator's source: shared/validate.ts and shared/catalog/**. */
function validatorSource(): string {
  const files = [path.join(ROOT, 'shared/validate.ts')];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.join(ROOT, 'shared/catalog'));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Every key a phrase or problem uses: its own and those its `$` args name. */
function keysOf(key: string, args: MsgArgs): string[] {
  return [key, ...Object.entries(args).filter(([k]) => k.startsWith('$')).map(([, v]) => String(v))];
}

function translator(locale: 'en' | 'zh'): Translate {
  setLocale(locale);
  return i18nTranslate(i18n.global.t as any, i18n.global.te as any, locale);
}

interface Said {
  key: string;
  args: MsgArgs;
  english: string;
}

let said: Said[] = [];

beforeAll(() => {
  const problems = problemCorpus(1500);
  said = problems.map((p) => ({ key: problemKey(p), args: p.args!, english: p.message }));
  for (const c of inferCalls()) {
    const r = CATALOG[c.kind].inferShapes(c.inputs, c.params, { datasets: c.datasets, node: { id: 'n', kind: c.kind, params: c.params, position: { x: 0, y: 0 } } });
    if ('error' in r) said.push({ key: r.msg!.key, args: r.msg!.args, english: r.error });
  }
  for (const c of paramCalls()) for (const m of checkParamMsgs(c.spec, c.value)) said.push({ key: m.key, args: m.args, english: en(m.key, m.args) });
});

describe('problem texts', () => {
  it('every problem code the validator can emit has an English and a Chinese text', () => {
    const src = validatorSource();
    const codes = new Set<string>();
    for (const m of src.matchAll(/\bcode: '([a-z-]+)'|bindingProblem\('([a-z-]+)'|\b(?:error|say|warn)\('([a-z-]+)'/g)) codes.add(m[1] ?? m[2] ?? m[3]);
    // the grep finds them all (as today), so a new code cannot slip by
    for (const c of ['cycle', 'unconnected-port', 'shape-mismatch', 'head-no-task', 'input-no-feature', 'unknown-kind', 'bad-param', 'internal', 'head-no-route', 'dead-end']) {
      expect(codes, c).toContain(c);
    }
    expect(codes.size).toBeGreaterThanOrEqual(26);
    for (const code of codes) {
      for (const [lang, table] of [['en', EN], ['zh', ZH]] as const) {
        const entry = resolve(table, code);
        expect(entry, `${lang} ${code}`).toBeDefined();
        // a code with several sentences: each variant the English has, the Chinese has too
        if (typeof entry !== 'string') for (const [v] of leaves(resolve(EN, code))) expect(resolve(entry, v), `${lang} ${code}.${v}`).toBeTypeOf('string');
      }
    }
    // and every phrase key written out in the source exists in both languages
    const literal = new Set([...src.matchAll(/'((?:infer|param|binding|route|what|fix|range|taskKind|featureKind)\.[a-z-]+)'/gi)].map((m) => m[1]));
    expect(literal.size).toBeGreaterThan(20);
    for (const k of literal) {
      expect(resolve(EN, k), `en ${k}`).toBeTypeOf('string');
      expect(resolve(ZH, k), `zh ${k}`).toBeTypeOf('string');
    }
  });

  it('Chinese has every English key, with the same values to fill in', () => {
    const zh = new Map(leaves(ZH));
    // where a list is joined with an English word ("'a' and 'b'", "mse or mae"), Chinese takes the plain list
    const alternatives: Record<string, string> = { fromAnd: 'from', lossesOr: 'losses', list: 'pairs' };
    for (const [key, text] of leaves(EN)) {
      const z = zh.get(key);
      expect(z, key).toBeTypeOf('string');
      expect(HAN.test(z!) || /^\{\w+\}( \{\w+\})?$|^\{node\}：\{detail\}$/.test(z!), `${key}: ${z}`).toBe(true);
      const names = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      const want = [...names(text)].map((n) => alternatives[n] ?? n).sort();
      expect([...names(z!)].sort(), key).toEqual(want);
    }
    expect(leaves(ZH).length).toBe(leaves(EN).length);
  });

  it('the corpus reaches every key (but the validator’s own failures)', () => {
    const used = new Set(said.flatMap((s) => keysOf(s.key, s.args)));
    const unused = leaves(EN)
      .map(([k]) => k)
      // internal.*: the validator failing; infer.other: a kind giving no key; route.unconnected: a head
      // behind an unconnected port, which is reported as that port instead
      .filter((k) => !used.has(k) && !k.startsWith('internal.') && k !== 'infer.other' && k !== 'route.unconnected');
    expect(unused).toEqual([]);
    expect(said.length).toBeGreaterThan(10_000);
  });

  it('worded in English through vue-i18n, every problem and error is the validator’s message word for word', () => {
    const tr = translator('en');
    const seen = new Set<string>();
    for (const s of said) {
      const sig = `${s.key} ${JSON.stringify(s.args)}`;
      if (seen.has(sig)) continue;
      seen.add(sig);
      expect(formatMsg(s.key, s.args, tr), sig).toBe(s.english);
    }
    expect(seen.size).toBeGreaterThan(2000);
  });

  it('worded in Chinese, every problem and error is Chinese with its values filled in', () => {
    const tr = translator('zh');
    const seen = new Set<string>();
    for (const s of said) {
      const sig = `${s.key} ${JSON.stringify(s.args)}`;
      if (seen.has(sig)) continue;
      seen.add(sig);
      const text = formatMsg(s.key, s.args, tr);
      expect(text, sig).toBeTypeOf('string');
      expect(HAN.test(text!), `${sig}: ${text}`).toBe(true);
      // no placeholder left unfilled (a value may itself contain braces: JSON of a bad param)
      const leftover = [...text!.matchAll(/\{(\w+)\}/g)].map((m) => m[0]).filter((m) => !Object.values(s.args).some((v) => String(v).includes(m)));
      expect(leftover, `${sig}: ${text}`).toEqual([]);
      // the values the message is about appear in the Chinese too
      for (const name of ['node', 'got', 'param', 'dataset', 'task', 'feature', 'port', 'shapes', 'id', 'edge']) {
        const v = s.args[name];
        if (v !== undefined && !s.key.startsWith('binding.') && name !== 'param') expect(text, `${sig}: ${name}`).toContain(String(v));
      }
    }
    setLocale('en');
  });

  it('renders known problems in Chinese with their args', () => {
    const d = multiLeNet();
    d.edges = d.edges.map((e) => (e.id === 'e_fc' ? { ...e, source: 'relu2' } : e));
    const shape = validateDesign(d, [multiImage]).problems.find((p) => p.code === 'shape-mismatch')!;
    const d2 = multiLeNet();
    d2.nodes[1].params.kernelSize = 0;
    const param = validateDesign(d2, [multiImage]).problems.find((p) => p.code === 'bad-param')!;
    expect(shape.message).toBe("Dense 'fc' needs a flat input but gets [4, 4, 20]: add a Flatten before it");
    expect(shape.args).toMatchObject({ node: "Dense 'fc'", got: '[4, 4, 20]', $detail: 'infer.rank', $what: 'what.flat', $fix: 'fix.flatten' });
    expect(param.args).toMatchObject({ variant: 'param', param: 'kernelSize', got: 0, min: 1, max: 64, $detail: 'param.range', $range: 'range.between' });

    const zh = translator('zh');
    expect(problemText(shape, zh)).toBe("Dense 'fc' 需要扁平的输入，但得到的是 [4, 4, 20]：请在它之前加一个 Flatten");
    expect(problemText(param, zh)).toBe("Conv2D 'conv1'：kernelSize 必须在 1 到 64 之间（得到 0）");
    const heads = validateDesign({ ...multiLeNet(), nodes: multiLeNet().nodes.map((n) => (n.id === 'right' ? { ...n, params: { dataset: 'mf', task: 'middle' } } : n)) }, [multiImage]).problems;
    const task = heads.find((p) => p.code === 'head-unknown-task')!;
    expect(problemText(task, zh)).toBe("TaskHead 'right' 绑定到任务“middle”，但数据集“mf”没有这个任务（它有 left, right）：请选择其他任务");
    const en = translator('en');
    expect(problemText(shape, en)).toBe(shape.message);
    // a problem without args, or with a code the language lacks, reads as the English message
    const foreign: Problem = { severity: 'error', code: 'from-the-future', message: 'Something new', args: { node: "Dense 'x'" } };
    expect(problemText(foreign, zh)).toBe('Something new');
    expect(problemText({ ...shape, args: undefined }, zh)).toBe(shape.message);
    setLocale('en');
  });

  it('a refused connection gives its reason as a key and values, worded in Chinese', () => {
    const design = {
      version: 1 as const,
      name: 'x',
      nodes: [
        { id: 'in', kind: 'Input', params: { dataset: 'mf', feature: 'image' }, position: { x: 0, y: 0 } },
        { id: 'fc', kind: 'Dense', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [],
    };
    const r = checkConnection(design, { source: 'in', sourcePort: 'out', target: 'fc', targetPort: 'in' }, {
      getKind,
      datasets: [multiImage],
      validation: validateDesign(design, [multiImage]),
    })!;
    expect(r.code).toBe('shape');
    expect(r.detail).toBe('needs a flat input but gets [28, 28, 1]: add a Flatten before it');
    expect(r.detailMsg).toEqual<Msg>({ key: 'infer.rank', args: { $what: 'what.flat', got: '[28, 28, 1]', $fix: 'fix.flatten' } });
    expect(phraseText(r.detailMsg, r.detail!, translator('zh'))).toBe('需要扁平的输入，但得到的是 [28, 28, 1]：请在它之前加一个 Flatten');
    setLocale('en');
  });

  it('the inspector says a bad value in Chinese', async () => {
    setLocale('zh');
    const spec = getKind('Dense')!.params.find((p) => p.name === 'units')!;
    const w = mount(ParamField, { props: { kind: 'Dense', spec, value: 64 }, global: { plugins: [i18n] } });
    await w.get('[data-testid="inspector-units"]').setValue('0');
    expect(w.get('[data-testid="inspector-error-units"]').text()).toBe('units 必须在 1 到 1000000 之间（得到 0）');
    await w.get('[data-testid="inspector-units"]').setValue('2.5');
    expect(w.get('[data-testid="inspector-error-units"]').text()).toBe('units 必须是整数（得到 2.5）');
    setLocale('en');
    await w.get('[data-testid="inspector-units"]').setValue('0');
    expect(w.get('[data-testid="inspector-error-units"]').text()).toBe('units must be between 1 and 1000000 (got 0)');
  });
});
