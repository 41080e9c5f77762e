// Every interface string exists in English and Simplified Chinese, and every catalog kind, group and param
// has Chinese text.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listKinds, GROUPS } from '../../../shared/catalog/index.js';
import { listTemplates } from '../../../shared/templates/index.js';

const LOCALES = fileURLToPath(new URL('../../../renderer/i18n/locales', import.meta.url));

function keys(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object') return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

async function load(lang: string, ns: string): Promise<Record<string, unknown>> {
  return (await import(path.join(LOCALES, lang, `${ns}.ts`))).default;
}

describe('locales', () => {
  const namespaces = fs.readdirSync(path.join(LOCALES, 'en')).map((f) => f.replace(/\.ts$/, ''));

  it('has the same namespaces in both languages', () => {
    expect(fs.readdirSync(path.join(LOCALES, 'zh')).map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...namespaces].sort());
  });

  for (const ns of namespaces.filter((n) => n !== 'catalog')) {
    // (Chinese may carry more: texts whose English comes from a registry, as the catalog's does.)
    it(`${ns}: every English key has a Chinese text`, async () => {
      const en = keys(await load('en', ns));
      const zh = keys(await load('zh', ns));
      expect(en.filter((k) => !zh.includes(k))).toEqual([]);
    });
  }

  it('has Chinese for every catalog kind, group and parameter, and every template', async () => {
    const zh = (await load('zh', 'catalog')) as { groups: Record<string, string>; kinds: Record<string, any>; params: Record<string, any> };
    const en = (await load('en', 'catalog')) as { groups: Record<string, string> };
    for (const g of GROUPS) {
      expect(zh.groups[g], g).toBeTruthy();
      expect(en.groups[g], g).toBeTruthy();
    }
    for (const k of listKinds()) {
      expect(zh.kinds[k.kind]?.label, k.kind).toBeTruthy();
      expect(zh.kinds[k.kind]?.description, k.kind).toBeTruthy();
      for (const p of k.params) {
        const text = zh.kinds[k.kind]?.params?.[p.name] ?? zh.params[p.name];
        expect(text?.label, `${k.kind}.${p.name}`).toBeTruthy();
        expect(text?.description, `${k.kind}.${p.name}`).toBeTruthy();
      }
    }
    const designer = (await load('zh', 'designer')) as { templates: { list: Record<string, { label: string }> } };
    for (const t of listTemplates()) expect(designer.templates.list[t.name]?.label, t.name).toBeTruthy();
  });
});
