import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { nextTick, type Component } from 'vue';
import type { CheckInResult, MySignupState, Occurrence } from '@tongxin/shared/schemas';
import ListView from './list.vue';
import DetailView from './detail.vue';
import CheckInView from './check-in.vue';
import MineView from './mine.vue';
import { applyLocale, i18n } from '../../locales';

const OCC = '00000000-0000-4000-8000-000000000301';

function occurrence(over: Partial<Occurrence> = {}): Occurrence {
  return {
    id: OCC,
    activityId: '00000000-0000-4000-8000-000000000300',
    townId: 't',
    regionId: 'r',
    regionPath: ['青樵镇', '上金湾社区'],
    title: '红色星期六 · 清洁家园',
    category: 'environment',
    categoryLabel: '人居环境',
    monthlyTheme: '清洁家园',
    description: '清理楼道杂物',
    organiserTeamId: 'team',
    organiserTeamName: '上金湾社区志愿服务队',
    partnerTeamName: null,
    site: '上金湾社区党群服务中心',
    lat: 22.5,
    lng: 113.1,
    geofenceM: null,
    // Five days ahead, 01:00–03:30 UTC (09:00–11:30 in Beijing): the same day in either zone, at any hour the suite runs.
    startsAt: `${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)}T01:00:00.000Z`,
    endsAt: `${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)}T03:30:00.000Z`,
    capacity: 20,
    signedUp: 3,
    waitlisted: 0,
    eligibility: 'everyone',
    eligibilityTeamName: null,
    eligibilitySkill: null,
    insuranceRequired: true,
    activityStatus: 'published',
    status: 'scheduled',
    note: null,
    detached: false,
    distanceM: null,
    canManage: false,
    mySignup: null,
    ...over,
  };
}

const mine = (over: Partial<MySignupState> = {}): MySignupState => ({
  signupId: '00000000-0000-4000-8000-000000000401',
  status: 'confirmed',
  waitlistPosition: null,
  checkedInAt: null,
  checkedOutAt: null,
  ...over,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const stub: Component = { template: '<div />' };
const mounted: Array<ReturnType<typeof mount>> = [];

/** Unmount the pages; the rest of the body stays, for Vant's one dialog, made once and reused. */
function cleanup(): void {
  while (mounted.length) mounted.pop()!.unmount();
}

async function mountAt(view: Component, path: string): Promise<{ wrapper: ReturnType<typeof mount>; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory('/m/'),
    routes: [
      { path: '/activities', component: stub },
      { path: '/activities/:occurrenceId', component: stub },
      { path: '/check-in', name: 'check-in', component: stub },
      { path: '/:p(.*)*', component: stub },
    ],
  });
  await router.push(path);
  const wrapper = mount(view, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  mounted.push(wrapper);
  await flushPromises();
  return { wrapper, router };
}

/** Answers by method and path; records what was asked. */
function serve(fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>, routes: Record<string, () => Response>): void {
  fetch.mockImplementation(async (input, init) => {
    const url = String(input);
    const key = `${init?.method ?? 'GET'} ${url.split('?')[0]}`;
    const answer = routes[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer();
  });
}

const calls = (fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>) =>
  fetch.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`);

function stubLocation(result: { lat: number; lng: number } | 'denied'): void {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) =>
        result === 'denied'
          ? fail({ code: 1, message: 'denied', PERMISSION_DENIED: 1 } as GeolocationPositionError)
          : ok({ coords: { latitude: result.lat, longitude: result.lng } } as GeolocationPosition),
    },
  });
}

describe('志愿活动 pages', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    cleanup();
  });

  it('lists my community’s activities with theme, category, places and my status; filters by category', async () => {
    serve(fetch, {
      'GET /api/activities/feed': () =>
        json({ items: [occurrence({ mySignup: mine({ status: 'waitlisted', waitlistPosition: 2 }), signedUp: 20, waitlisted: 2 })] }),
      'GET /api/activity-categories': () => json({ items: [{ code: 'environment', label: '人居环境' }] }),
    });
    const { wrapper, router } = await mountAt(ListView, '/activities');
    expect(calls(fetch)).toContain('GET /api/activities/feed?scope=community');
    const card = wrapper.get('[data-testid="activity-card"]');
    expect(card.text()).toContain('红色星期六 · 清洁家园');
    expect(card.text()).toContain('清洁家园');
    expect(card.text()).toContain('人居环境');
    expect(card.text()).toContain('已报名 20/20');
    expect(card.text()).toContain('候补 2 人');
    expect(card.get('[data-testid="my-status"]').text()).toBe('候补第 2 位');
    expect(card.get('[data-testid="activity-when"]').text()).toMatch(/^\d+月\d+日 周. \d\d:\d\d–\d\d:\d\d$/);
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('本社区');

    const env = wrapper.get('[data-testid="activities-categories"]').findAll('button')[1]!;
    await env.trigger('click');
    await flushPromises();
    expect(calls(fetch).at(-1)).toBe('GET /api/activities/feed?scope=community&category=environment');
    expect(router.currentRoute.value.query).toMatchObject({ scope: 'community', category: 'environment' });
  });

  it('加载更多 brings the next page after the last one shown, with the same choices, until there is none', async () => {
    const second = '00000000-0000-4000-8000-000000000302';
    let page = 0;
    serve(fetch, {
      'GET /api/activities/feed': () =>
        json(
          page++ === 0
            ? { items: [occurrence()], next: '2026-12-05T01:00:00.000Z~00000000-0000-4000-8000-000000000301' }
            : { items: [occurrence({ id: second, title: '关爱老人' })], next: null },
        ),
      'GET /api/activity-categories': () => json({ items: [] }),
    });
    const { wrapper } = await mountAt(ListView, '/activities');
    expect(wrapper.findAll('[data-testid="activity-card"]')).toHaveLength(1);
    await wrapper.get('[data-testid="activities-more"]').trigger('click');
    await flushPromises();
    expect(calls(fetch).at(-1)).toBe(
      'GET /api/activities/feed?scope=community&after=2026-12-05T01%3A00%3A00.000Z%7E00000000-0000-4000-8000-000000000301',
    );
    const cards = wrapper.findAll('[data-testid="activity-card"]');
    expect(cards.map((c) => c.text().includes('关爱老人'))).toEqual([false, true]);
    expect(wrapper.find('[data-testid="activities-more"]').exists()).toBe(false);
  });

  it('附近 sends where I am and shows distances; without a location it shows the whole town and says so', async () => {
    stubLocation({ lat: 22.51, lng: 113.12 });
    serve(fetch, {
      'GET /api/activities/feed': () => json({ items: [occurrence({ distanceM: 1250 })] }),
      'GET /api/activity-categories': () => json({ items: [] }),
    });
    const near = await mountAt(ListView, '/activities?scope=near');
    expect(calls(fetch)).toContain('GET /api/activities/feed?scope=near&lat=22.51&lng=113.12');
    expect(near.wrapper.get('[data-testid="activity-distance"]').text()).toContain('距您 1.3 公里');
    cleanup();

    fetch.mockClear();
    stubLocation('denied');
    const refused = await mountAt(ListView, '/activities?scope=near');
    expect(calls(fetch)).toContain('GET /api/activities/feed?scope=all');
    expect(refused.wrapper.get('[data-testid="activities-location-refused"]').text()).toContain('已为您显示全镇的活动');
    expect(refused.wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('附近');
  });

  it('signs up, then cancels after a confirmation', async () => {
    let current = occurrence();
    serve(fetch, {
      [`GET /api/occurrences/${OCC}`]: () => json(current),
      [`POST /api/occurrences/${OCC}/signup`]: () => {
        current = occurrence({ mySignup: mine(), signedUp: 4 });
        return json(current.mySignup, 201);
      },
      [`DELETE /api/occurrences/${OCC}/signup`]: () => {
        current = occurrence({ mySignup: mine({ status: 'cancelled' }) });
        return json(current.mySignup);
      },
    });
    const { wrapper } = await mountAt(DetailView, `/activities/${OCC}`);
    expect(wrapper.get('[data-testid="activity-facts"]').text()).toContain('上金湾社区志愿服务队');
    expect(wrapper.get('[data-testid="activity-facts"]').text()).toContain('所有志愿者');
    expect(wrapper.get('[data-testid="activity-insurance"]').text()).toContain('意外保险');
    expect(wrapper.get('[data-testid="activity-map"]').attributes('href')).toMatch(/^https:\/\/uri\.amap\.com\/marker\?/);
    expect(wrapper.find('[data-testid="activity-qr"]').exists()).toBe(false);

    await wrapper.get('[data-testid="activity-signup"]').trigger('click');
    await flushPromises();
    expect(calls(fetch)).toContain(`POST /api/occurrences/${OCC}/signup`);
    expect(wrapper.get('[data-testid="my-status"]').text()).toBe('已报名');
    expect(wrapper.get('[data-testid="activity-facts"]').text()).toContain('已报名 4 人');

    await wrapper.get('[data-testid="activity-cancel"]').trigger('click');
    await flushPromises();
    const dialog = document.querySelector('.van-dialog')!;
    expect(dialog.textContent).toContain('确定取消报名“红色星期六 · 清洁家园”吗？');
    (dialog.querySelector('.van-dialog__confirm') as HTMLButtonElement).click();
    await flushPromises();
    expect(calls(fetch)).toContain(`DELETE /api/occurrences/${OCC}/signup`);
    expect(wrapper.find('[data-testid="activity-signup"]').exists()).toBe(true);
  });

  it('shows my waitlist place, and the QR button to those who manage it', async () => {
    serve(fetch, {
      [`GET /api/occurrences/${OCC}`]: () =>
        json(occurrence({ canManage: true, signedUp: 20, mySignup: mine({ status: 'waitlisted', waitlistPosition: 3 }) })),
    });
    const { wrapper } = await mountAt(DetailView, `/activities/${OCC}`);
    expect(wrapper.get('[data-testid="my-status"]').text()).toBe('候补第 3 位');
    expect(wrapper.find('[data-testid="activity-cancel"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="activity-qr"]').text()).toBe('签到二维码');
  });

  it('offers the waitlist when every place is taken', async () => {
    serve(fetch, { [`GET /api/occurrences/${OCC}`]: () => json(occurrence({ signedUp: 20 })) });
    const { wrapper } = await mountAt(DetailView, `/activities/${OCC}`);
    expect(wrapper.get('[data-testid="activity-signup"]').text()).toBe('报名候补');
    expect(wrapper.get('[data-testid="activity-full"]').text()).toContain('名额已满');
  });
});

describe('签到 page', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    cleanup();
  });

  const result = (over: Partial<CheckInResult> = {}): CheckInResult => ({
    action: 'in',
    repeated: false,
    occurrence: occurrence(),
    at: '2026-12-05T01:02:00.000Z',
    measuredMinutes: null,
    ...over,
  });

  it('checks in with the code and my location, then drops the code from the address', async () => {
    stubLocation({ lat: 22.5, lng: 113.1 });
    serve(fetch, { 'POST /api/check-in': () => json(result()) });
    const { wrapper, router } = await mountAt(CheckInView, '/check-in?c=AbCdEf12');
    await flushPromises();
    const [, init] = fetch.mock.calls[0]!;
    expect(JSON.parse(String(init?.body))).toEqual({ code: 'AbCdEf12', lat: 22.5, lng: 113.1 });
    expect(wrapper.get('[data-testid="check-in-result"]').text()).toContain('签到成功');
    expect(wrapper.get('[data-testid="check-in-time"]').text()).toMatch(/^签到时间 \d\d:\d\d$/);
    expect(router.currentRoute.value.fullPath).toBe('/check-in');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('checks out and says how long I served', async () => {
    stubLocation('denied');
    serve(fetch, { 'POST /api/check-in': () => json(result({ action: 'out', measuredMinutes: 150 })) });
    const { wrapper } = await mountAt(CheckInView, '/check-in?c=AbCdEf12');
    await flushPromises();
    expect(JSON.parse(String(fetch.mock.calls[0]![1]?.body))).toEqual({ code: 'AbCdEf12' });
    expect(wrapper.get('[data-testid="check-in-result"]').text()).toContain('签退成功');
    expect(wrapper.get('[data-testid="check-in-served"]').text()).toBe('本次服务 2.5 小时，待组织者确认');
  });

  it('a second scan soon after checking in changes nothing, and offers to check out', async () => {
    stubLocation('denied');
    serve(fetch, {
      'POST /api/check-in': () => {
        const body = JSON.parse(String(fetch.mock.calls.at(-1)![1]?.body)) as { action?: string };
        return json(body.action === 'out' ? result({ action: 'out', measuredMinutes: 95 }) : result({ repeated: true }));
      },
    });
    const { wrapper } = await mountAt(CheckInView, '/check-in?c=123456');
    await flushPromises();
    expect(wrapper.get('[data-testid="check-in-result"]').text()).toContain('您已签到');
    await wrapper.get('[data-testid="check-in-out"]').trigger('click');
    await flushPromises();
    expect(JSON.parse(String(fetch.mock.calls[1]![1]?.body))).toEqual({ code: '123456', action: 'out' });
    expect(wrapper.get('[data-testid="check-in-result"]').text()).toContain('签退成功');
    expect(wrapper.get('[data-testid="check-in-served"]').text()).toBe('本次服务 1.6 小时，待组织者确认');
  });

  it('explains plainly when the activity needs the location the browser refused', async () => {
    stubLocation('denied');
    serve(fetch, {
      'POST /api/check-in': () => json({ code: 'CHECK_IN_LOCATION_REQUIRED', message: '该活动需要定位签到，请允许获取位置' }, 400),
    });
    const { wrapper } = await mountAt(CheckInView, '/check-in?c=AbCdEf12');
    await flushPromises();
    expect(wrapper.get('[data-testid="check-in-error"]').text()).toContain('允许浏览器获取位置信息');
    await wrapper.get('[data-testid="check-in-retry"]').trigger('click');
    await flushPromises();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('without a code: a field for the code under the QR (the camera where the browser can scan)', async () => {
    stubLocation('denied');
    serve(fetch, { 'POST /api/check-in': () => json(result()) });
    const { wrapper } = await mountAt(CheckInView, '/check-in');
    expect(wrapper.find('[data-testid="scan-unsupported"]').exists()).toBe(true);
    await wrapper.get('form').trigger('submit');
    expect(wrapper.text()).toContain('请输入签到码');
    expect(fetch).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="check-in-code"]').setValue('1234');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.text()).toContain('签到码为二维码下面的 6 位数字');
    await wrapper.get('[data-testid="check-in-code"]').setValue(' 482913 ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(JSON.parse(String(fetch.mock.calls[0]![1]?.body))).toEqual({ code: '482913' });
    expect(wrapper.get('[data-testid="check-in-result"]').text()).toContain('签到成功');
  });
});

describe('我的活动 page', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    cleanup();
  });

  it('lists upcoming and past activities with my status, and gives the calendar link as webcal://', async () => {
    serve(fetch, {
      'GET /api/me/activities': () => json({ items: [occurrence({ mySignup: mine({ checkedInAt: '2026-12-05T01:02:00Z' }) })] }),
      'GET /api/me/calendar': () => json({ url: 'https://tx.example.cn/api/calendar/tok_abcdefghijklmnopqrst.ics' }),
      'POST /api/me/calendar/rotate': () => json({ url: 'https://tx.example.cn/api/calendar/tok_zzzzzzzzzzzzzzzzzzzz.ics' }),
    });
    const { wrapper } = await mountAt(MineView, '/activities/mine');
    expect(calls(fetch)).toEqual(['GET /api/me/activities?when=upcoming']);
    expect(wrapper.get('[data-testid="my-status"]').text()).toBe('已签到');

    await wrapper.get('#mine-when-past').trigger('click');
    await flushPromises();
    expect(calls(fetch).at(-1)).toBe('GET /api/me/activities?when=past');

    await wrapper.get('[data-testid="mine-calendar"]').trigger('click');
    await flushPromises();
    await nextTick();
    const sheet = document.querySelector('[data-testid="calendar-sheet"]')!;
    expect((sheet.querySelector('[data-testid="calendar-url"]') as HTMLInputElement).value).toBe(
      'https://tx.example.cn/api/calendar/tok_abcdefghijklmnopqrst.ics',
    );
    expect(sheet.querySelector('[data-testid="calendar-webcal"]')!.getAttribute('href')).toBe(
      'webcal://tx.example.cn/api/calendar/tok_abcdefghijklmnopqrst.ics',
    );

    (sheet.querySelector('[data-testid="calendar-rotate"]') as HTMLButtonElement).click();
    await flushPromises();
    (document.querySelector('.van-dialog__confirm') as HTMLButtonElement).click();
    await flushPromises();
    expect(calls(fetch)).toContain('POST /api/me/calendar/rotate');
    expect(sheet.querySelector('[data-testid="calendar-webcal"]')!.getAttribute('href')).toBe(
      'webcal://tx.example.cn/api/calendar/tok_zzzzzzzzzzzzzzzzzzzz.ics',
    );
  });
});
