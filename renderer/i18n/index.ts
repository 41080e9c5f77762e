// vue-i18n: every file under locales/<lang>/<namespace>.ts is merged as messages[<lang>][<namespace>],
// so `runs.title` lives in locales/en/runs.ts as { title: '...' }. Add a namespace = add a file per language.
import { createI18n } from 'vue-i18n';

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_KEY = 'mtlw-locale';

type Messages = Record<string, Record<string, unknown>>;

const modules = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.ts', { eager: true });

export function collectMessages(mods: Record<string, { default: Record<string, unknown> }>): Record<Locale, Messages> {
  const messages = { en: {}, zh: {} } as Record<Locale, Messages>;
  for (const [path, mod] of Object.entries(mods)) {
    const m = /\/locales\/([^/]+)\/([^/]+)\.ts$/.exec(path);
    if (!m) continue;
    const [, lang, ns] = m;
    if (!(LOCALES as readonly string[]).includes(lang)) continue;
    messages[lang as Locale][ns] = mod.default;
  }
  return messages;
}

export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    /* storage unavailable */
  }
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: collectMessages(modules) as any,
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  (i18n.global.locale as unknown as { value: string }).value = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    /* ignore */
  }
}
