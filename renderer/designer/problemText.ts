// The validator's problems and the catalog's shape and param errors in the interface language: each is a
// key with values (shared/catalog/messages.ts), worded from i18n/locales/<lang>/problems.ts. Where the
// language lacks a key (a problem from a newer validator, say), the English message is shown whole.
import { useI18n } from 'vue-i18n';
import { formatMsg, problemKey, type Msg, type MsgArgs, type Translate } from '../../shared/catalog/messages.js';
import type { Problem } from '../../shared/problems.js';

type T = (key: string, named: Record<string, unknown>) => string;
type TE = (key: string, locale?: string) => boolean;

/** A Translate over vue-i18n that only uses the given locale (no fallback to English mid-sentence). */
export function i18nTranslate(t: T, te: TE, locale: string): Translate {
  return (key: string, named: MsgArgs) => {
    const k = `problems.${key}`;
    return te(k, locale) ? t(k, named) : undefined;
  };
}

/** A problem worded from its code and args, or its English message. */
export function problemText(p: Problem, translate: Translate): string {
  if (!p.args) return p.message;
  return formatMsg(problemKey(p), p.args, translate) ?? p.message;
}

/** A phrase worded from its key and args, or the English fallback. */
export function phraseText(m: Msg | undefined, fallback: string, translate: Translate): string {
  if (!m) return fallback;
  return formatMsg(m.key, m.args, translate) ?? fallback;
}

export function useProblemText() {
  const { t, te, locale } = useI18n();
  const tr = (): Translate => i18nTranslate(t as T, te as TE, locale.value);
  return {
    problem: (p: Problem) => problemText(p, tr()),
    phrase: (m: Msg | undefined, fallback: string) => phraseText(m, fallback, tr()),
  };
}
