import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Locale } from '@tongxin/shared';
import type { Me } from '@tongxin/shared/schemas';
import { applyLocale, DEFAULT_LOCALE, isLocale } from '../locales';

const LOCALE_KEY = 'tx-locale';
const LARGE_TEXT_KEY = 'tx-large-text';
export const LARGE_TEXT_CLASS = 'tx-large-text';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the preference still applies for this visit.
  }
}

/**
 * Language and large text. They apply to the page at once and are remembered on this phone, so
 * the login page already speaks the person's language in their text size; once logged in, the
 * account's saved preferences win (the session store calls `adopt`).
 */
export const usePreferencesStore = defineStore('preferences', () => {
  const saved = stored(LOCALE_KEY);
  const locale = ref<Locale>(isLocale(saved) ? saved : DEFAULT_LOCALE);
  const largeText = ref(stored(LARGE_TEXT_KEY) === '1');

  function setLocale(next: Locale): void {
    locale.value = next;
    applyLocale(next);
    store(LOCALE_KEY, next);
  }

  function setLargeText(on: boolean): void {
    largeText.value = on;
    document.documentElement.classList.toggle(LARGE_TEXT_CLASS, on);
    store(LARGE_TEXT_KEY, on ? '1' : '0');
  }

  function adopt(me: Pick<Me, 'locale' | 'largeText'>): void {
    setLocale(me.locale);
    setLargeText(me.largeText);
  }

  /** Apply what this phone remembers; called once at start. */
  function init(): void {
    setLocale(locale.value);
    setLargeText(largeText.value);
  }

  return { locale, largeText, setLocale, setLargeText, adopt, init };
});
