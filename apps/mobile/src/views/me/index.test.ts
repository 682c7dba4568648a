import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Me } from '@tongxin/shared/schemas';
import MeView from './index.vue';
import { applyLocale, i18n } from '../../locales';
import { useSessionStore } from '../../stores/session';

const me: Me = {
  id: '00000000-0000-4000-8000-000000000002',
  name: '陈慧敏',
  mobileMasked: '138****0002',
  locale: 'zh-CN',
  largeText: false,
  grants: [
    {
      id: '00000000-0000-4000-8000-0000000000a1',
      role: 'community_admin',
      regionId: '00000000-0000-4000-8000-0000000000c1',
      regionName: '上金湾社区',
      regionPath: ['青樵镇', '上金湾社区'],
      levelName: '村（社区）',
      townId: '00000000-0000-4000-8000-0000000000f1',
    },
  ],
  permissions: [],
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function mountMe() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = structuredClone(me);
  const router = createRouter({ history: createMemoryHistory('/m/'), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
  await router.push('/me');
  const wrapper = mount(MeView, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('Me page', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    applyLocale('zh-CN');
    document.documentElement.className = '';
    localStorage.clear();
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('shows the person, masked mobile and each role with its region path', async () => {
    const wrapper = await mountMe();
    expect(wrapper.text()).toContain('陈慧敏');
    expect(wrapper.text()).toContain('138****0002');
    expect(wrapper.get('[data-testid="me-grants"]').text()).toBe('村（社区）管理员 · 青樵镇 › 上金湾社区');
  });

  it('switches large text on at once and saves it to the account', async () => {
    fetch.mockResolvedValue(json({ ...me, largeText: true }));
    const wrapper = await mountMe();
    const toggle = wrapper.get('[data-testid="large-text-switch"]');
    expect(toggle.attributes('role')).toBe('switch');
    expect(toggle.attributes('aria-labelledby')).toBe('large-text-label');

    await toggle.trigger('click');
    expect(document.documentElement.classList.contains('tx-large-text')).toBe(true);
    await flushPromises();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/auth/me/preferences');
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).toEqual({ largeText: true });
    expect(useSessionStore().me?.largeText).toBe(true);
  });

  it('puts large text back when the save fails', async () => {
    fetch.mockResolvedValue(json({ code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后再试' }, 500));
    const wrapper = await mountMe();
    await wrapper.get('[data-testid="large-text-switch"]').trigger('click');
    await flushPromises();
    expect(document.documentElement.classList.contains('tx-large-text')).toBe(false);
  });

  it('switches the language of the page and of <html lang>', async () => {
    fetch.mockResolvedValue(json({ ...me, locale: 'en' }));
    const wrapper = await mountMe();
    const english = wrapper.findAll('button').find((b) => b.text() === 'English')!;
    await english.trigger('click');
    await flushPromises();
    expect(document.documentElement.lang).toBe('en');
    expect(wrapper.text()).toContain('Large text');
    expect(wrapper.get('[data-testid="me-grants"]').text()).toBe('Community admin · 青樵镇 › 上金湾社区');
  });
});
