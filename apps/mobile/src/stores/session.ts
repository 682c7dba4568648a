import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '@tongxin/shared/client';
import type { Locale } from '@tongxin/shared';
import type { LoginBody, Me } from '@tongxin/shared/schemas';
import * as authApi from '../api/auth';
import { usePreferencesStore } from './preferences';
import { useInboxStore } from './inbox';
import { useMyHouseholdsStore } from './my-households';

/** Who is logged in. `restore` asks the server once per page load; a 401 simply means nobody. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  let restoring: Promise<Me | null> | null = null;

  const loggedIn = computed(() => me.value !== null);

  function signIn(next: Me): Me {
    me.value = next;
    usePreferencesStore().adopt(next);
    useInboxStore().connect();
    return next;
  }

  function restore(): Promise<Me | null> {
    restoring ??= authApi.getMe().then(signIn, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return null;
      restoring = null; // offline or server trouble: try again on the next navigation
      throw error;
    });
    return restoring;
  }

  async function login(body: LoginBody): Promise<Me> {
    const next = signIn(await authApi.login(body));
    restoring = Promise.resolve(next);
    return next;
  }

  /** Forget the session locally (after logout or when the server answers 401). */
  function clear(): void {
    me.value = null;
    restoring = Promise.resolve(null);
    useInboxStore().disconnect();
    useMyHouseholdsStore().clear();
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch {
      // The session may already have ended on the server; forgetting it here is what matters.
    }
    clear();
  }

  /** Save language or large text to the account; the page has already changed. */
  async function savePreferences(patch: { locale?: Locale; largeText?: boolean }): Promise<void> {
    if (!me.value) return;
    const next = await authApi.updatePreferences(patch);
    me.value = next;
  }

  return { me, loggedIn, restore, login, logout, clear, savePreferences };
});
