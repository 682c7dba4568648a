import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Me } from '@tongxin/shared/schemas';
import { ApiError } from '@tongxin/shared/client';
import LoginPage from './index.vue';
import { i18n } from '../../locales';
import * as authApi from '../../api/auth';

vi.mock('../../api/auth', () => ({
  login: vi.fn(),
  logout: vi.fn(),
  getMe: vi.fn(),
  changePassword: vi.fn(),
  updateMyPreferences: vi.fn(),
}));

const me: Me = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '梁镇安',
  mobileMasked: '138****0001',
  locale: 'zh-CN',
  largeText: false,
  grants: [],
  permissions: ['region.read'],
};

async function mountLogin(path = '/login') {
  const Blank = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', component: LoginPage },
      { path: '/', component: Blank },
      { path: '/accounts', component: Blank },
    ],
  });
  await router.push(path);
  await router.isReady();
  const wrapper = mount(LoginPage, { global: { plugins: [i18n, router] }, attachTo: document.body });
  return { wrapper, router };
}

describe('login page', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(authApi.login).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the platform title and the fields the end-to-end test uses', async () => {
    const { wrapper } = await mountLogin();
    expect(wrapper.find('h1').text()).toBe('同心 · 党建引领志愿服务与网格治理平台');
    expect(wrapper.find('input[data-testid="login-mobile"]').exists()).toBe(true);
    expect(wrapper.find('input[data-testid="login-password"]').attributes('type')).toBe('password');
    expect(wrapper.find('[data-testid="login-submit"]').exists()).toBe(true);
    expect(wrapper.find('main').exists()).toBe(true);
    // Every field is labelled: the label's `for` names the input.
    for (const input of wrapper.findAll('input')) {
      const id = input.attributes('id');
      expect(id && document.querySelector(`label[for="${id}"]`)).toBeTruthy();
    }
  });

  it('refuses a malformed mobile number without calling the server', async () => {
    const { wrapper } = await mountLogin();
    await wrapper.find('input[data-testid="login-mobile"]').setValue('12345');
    await wrapper.find('input[data-testid="login-password"]').setValue('Tongxin2026');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.text()).toContain('请输入正确的 11 位手机号'));
    expect(authApi.login).not.toHaveBeenCalled();
  });

  it('logs in with the normalised number and follows the redirect', async () => {
    vi.mocked(authApi.login).mockResolvedValue(me);
    const { wrapper, router } = await mountLogin('/login?redirect=/accounts');
    await wrapper.find('input[data-testid="login-mobile"]').setValue('+86 138 0000 0001');
    await wrapper.find('input[data-testid="login-password"]').setValue('Tongxin2026');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(authApi.login).toHaveBeenCalledWith({ mobile: '13800000001', password: 'Tongxin2026' });
    expect(router.currentRoute.value.fullPath).toBe('/accounts');
  });

  it('never redirects off the site', async () => {
    vi.mocked(authApi.login).mockResolvedValue(me);
    const { wrapper, router } = await mountLogin('/login?redirect=//evil.example/');
    await wrapper.find('input[data-testid="login-mobile"]').setValue('13800000001');
    await wrapper.find('input[data-testid="login-password"]').setValue('Tongxin2026');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('keeps the user on the page and clears the password when the server refuses', async () => {
    vi.mocked(authApi.login).mockRejectedValue(new ApiError(401, 'AUTH_INVALID_CREDENTIALS', '手机号或密码不正确'));
    const { wrapper, router } = await mountLogin();
    const password = wrapper.find('input[data-testid="login-password"]');
    await wrapper.find('input[data-testid="login-mobile"]').setValue('13800000001');
    await password.setValue('wrong-pass1');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/login');
    expect((password.element as HTMLInputElement).value).toBe('');
  });
});
