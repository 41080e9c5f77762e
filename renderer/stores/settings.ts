// User preferences kept in localStorage: interface language and default training backend.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { i18n, setLocale, type Locale } from '../i18n/index.js';

const BACKEND_KEY = 'mtlw-default-backend';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const locale = ref<Locale>((i18n.global.locale as unknown as { value: Locale }).value);
  /** '' = automatic (the first backend that loads). */
  const defaultBackend = ref<string>(read(BACKEND_KEY) ?? '');

  watch(locale, (l) => setLocale(l), { immediate: true });
  watch(defaultBackend, (b) => {
    try {
      localStorage.setItem(BACKEND_KEY, b);
    } catch {
      /* ignore */
    }
  });

  return { locale, defaultBackend };
});
