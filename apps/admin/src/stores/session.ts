import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { GRANTABLE_ROLES, ROLES, roleHas, type Locale, type Permission, type Role } from '@tongxin/shared';
import type { Me } from '@tongxin/shared/schemas';
import { ApiError, CSRF_COOKIE, readCookie } from '@tongxin/shared/client';
import * as authApi from '../api/auth';
import { applyLocale, currentLocale } from '../locales';

const LARGE_TEXT_KEY = 'tx_large_text';

function storedLargeText(): boolean {
  try {
    return localStorage.getItem(LARGE_TEXT_KEY) === '1';
  } catch {
    return false;
  }
}

/** Large text is a class on <html>: the theme scales fonts and control sizes from it. */
export function applyLargeText(on: boolean): void {
  document.documentElement.classList.toggle('tx-large-text', on);
  try {
    localStorage.setItem(LARGE_TEXT_KEY, on ? '1' : '0');
  } catch {
    // ignore
  }
}

/** Who is logged in, and their display preferences (language, large text). */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const restored = ref(false);
  const locale = ref<Locale>(currentLocale());
  const largeText = ref(storedLargeText());

  const loggedIn = computed(() => me.value !== null);
  const permissions = computed(() => new Set<Permission>(me.value?.permissions ?? []));
  const can = (permission: Permission) => permissions.value.has(permission);

  /** Roles this person may hand out (the server checks again, and the region too). */
  const grantableRoles = computed<Role[]>(() => {
    const set = new Set<Role>();
    for (const g of me.value?.grants ?? []) for (const r of GRANTABLE_ROLES[g.role]) set.add(r);
    return ROLES.filter((r) => set.has(r));
  });

  /** Towns whose settings this person manages (town admins on the town root). */
  const managedTownIds = computed(() => [
    ...new Set((me.value?.grants ?? []).filter((g) => roleHas(g.role, 'town.manage')).map((g) => g.townId)),
  ]);

  /** The header's "where am I": the region path of each grant, without repeats. */
  const scopeNames = computed(() => [...new Set((me.value?.grants ?? []).map((g) => g.regionPath.join(' / ')))]);

  function setLocaleLocal(next: Locale) {
    locale.value = next;
    applyLocale(next);
  }

  function setLargeTextLocal(on: boolean) {
    largeText.value = on;
    applyLargeText(on);
  }

  function setMe(next: Me) {
    me.value = next;
    setLocaleLocal(next.locale);
    setLargeTextLocal(next.largeText);
  }

  /** On app start: resume the session held in the cookie, if any. Runs once. */
  async function restore(): Promise<Me | null> {
    if (restored.value) return me.value;
    // The readable CSRF cookie lives exactly as long as the session: without it there is none.
    if (!readCookie(CSRF_COOKIE)) {
      restored.value = true;
      return null;
    }
    try {
      setMe(await authApi.getMe());
    } catch (error) {
      me.value = null;
      if (!(error instanceof ApiError) || error.status !== 401) console.warn('session restore failed', error);
    } finally {
      restored.value = true;
    }
    return me.value;
  }

  /**
   * Log in. If the person changed language on the login page, that choice is saved to their
   * account; otherwise the account's saved preferences apply.
   */
  async function login(mobile: string, password: string, options: { keepLocale?: boolean } = {}): Promise<Me> {
    const chosen = locale.value;
    let next = await authApi.login({ mobile, password });
    restored.value = true;
    if (options.keepLocale && next.locale !== chosen) {
      try {
        next = await authApi.updateMyPreferences({ locale: chosen });
      } catch {
        // the saved preference stays; not worth failing the login for
      }
    }
    setMe(next);
    return next;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }

  /** Forget the session locally (after logout or a 401). */
  function clear() {
    me.value = null;
  }

  async function setLocale(next: Locale): Promise<void> {
    setLocaleLocal(next);
    if (me.value && me.value.locale !== next) me.value = await authApi.updateMyPreferences({ locale: next });
  }

  async function setLargeText(on: boolean): Promise<void> {
    setLargeTextLocal(on);
    if (me.value && me.value.largeText !== on) me.value = await authApi.updateMyPreferences({ largeText: on });
  }

  return {
    me,
    restored,
    locale,
    largeText,
    loggedIn,
    permissions,
    can,
    grantableRoles,
    managedTownIds,
    scopeNames,
    restore,
    login,
    logout,
    clear,
    setMe,
    setLocale,
    setLargeText,
  };
});
