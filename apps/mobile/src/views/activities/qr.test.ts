import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Occurrence, Signup } from '@tongxin/shared/schemas';
import QrView from './qr.vue';
import { applyLocale, i18n } from '../../locales';

const OCC = '00000000-0000-4000-8000-000000000301';
const S1 = '00000000-0000-4000-8000-000000000401';
const S2 = '00000000-0000-4000-8000-000000000402';

const occurrence = {
  id: OCC,
  title: '红色星期六 · 清洁家园',
  site: '上金湾社区党群服务中心',
  startsAt: '2026-12-05T01:00:00Z',
  endsAt: '2026-12-05T03:30:00Z',
};

const signup = (id: string, name: string, over: Partial<Signup> = {}): Signup => ({
  id,
  occurrenceId: OCC,
  volunteerId: `v${id}`,
  volunteerNo: 'V440000202600000001',
  name,
  mobileMasked: '138****0006',
  partyMember: true,
  status: 'confirmed',
  waitlistPosition: null,
  requestedAt: '2026-11-01T00:00:00.000Z',
  checkedInAt: null,
  checkInMethod: null,
  checkInDistanceM: null,
  checkedOutAt: null,
  measuredMinutes: null,
  recordId: null,
  recordStatus: null,
  minutes: null,
  ...over,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('签到二维码 page', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('draws the check-in link as a QR code with the short code, renews it, and checks people in by hand', async () => {
    let round = 0;
    let signups = [signup(S1, '黄小敏'), signup(S2, '麦嘉欣', { checkedInAt: '2026-12-05T01:02:00Z' })];
    fetch.mockImplementation(async (input, init) => {
      const url = String(input);
      const method = init?.method ?? 'GET';
      if (url === `/api/occurrences/${OCC}`) return json(occurrence as Partial<Occurrence>);
      if (url === `/api/occurrences/${OCC}/signups`) return json({ items: signups });
      if (url === `/api/occurrences/${OCC}/check-in-code`) {
        round += 1;
        const code = `CODE000${round}`;
        return json({
          code,
          shortCode: `00000${round}`,
          url: `http://127.0.0.1/m/check-in?c=${code}`,
          expiresAt: new Date(Date.now() + 20_000).toISOString(),
          rotateSeconds: 30,
        });
      }
      if (method === 'POST' && url === `/api/occurrences/${OCC}/signups/${S1}/check-in`) {
        signups = [signup(S1, '黄小敏', { checkedInAt: new Date().toISOString() }), signups[1]!];
        return json(signups[0]);
      }
      throw new Error(`unexpected ${method} ${url}`);
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], shouldAdvanceTime: true });

    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({
      history: createMemoryHistory('/m/'),
      routes: [{ path: '/activities/:occurrenceId/qr', component: { template: '<div />' } }],
    });
    await router.push(`/activities/${OCC}/qr`);
    const wrapper = mount(QrView, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.find('[aria-busy="false"]').exists()).toBe(true));

    expect(wrapper.get('[data-testid="qr-image"]').attributes('src')).toMatch(/^data:image\/png;base64,/);
    expect(wrapper.get('[data-testid="qr-code"]').text()).toBe('000001');
    expect(wrapper.get('[data-testid="qr-roster-count"]').text()).toBe('已签到 1/2 人');
    const people = wrapper.get('[data-testid="qr-roster"]').findAll('li');
    expect(people[0]!.text()).toContain('黄小敏');
    expect(people[0]!.get('[data-testid="qr-attendance"]').text()).toBe('未签到');
    expect(people[1]!.get('[data-testid="qr-attendance"]').text()).toMatch(/^已签到 \d\d:\d\d$/);

    // 30 s later: a new code.
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(wrapper.get('[data-testid="qr-code"]').text()).toBe('000002'));

    await people[0]!.get('button').trigger('click');
    await flushPromises();
    (document.querySelector('.van-dialog__confirm') as HTMLButtonElement).click();
    for (let i = 0; i < 3; i++) await flushPromises();
    expect(fetch.mock.calls.some(([u, i]) => String(u).endsWith(`/signups/${S1}/check-in`) && i?.method === 'POST')).toBe(true);
    expect(wrapper.get('[data-testid="qr-roster-count"]').text()).toBe('已签到 2/2 人');
    wrapper.unmount();
  });
});
