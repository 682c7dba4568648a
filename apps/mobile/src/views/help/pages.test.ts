import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { Component } from 'vue';
import type { HelpRequest, HelpRequestDetail } from '@tongxin/shared/schemas';
import DetailView from './detail.vue';
import PoolView from './pool.vue';
import NewView from './new.vue';
import MineView from './mine.vue';
import { applyLocale, i18n, loadHelpMessages } from '../../locales';
import { useInboxStore } from '../../stores/inbox';

const RID = '00000000-0000-4000-8000-000000000501';

function request(over: Partial<HelpRequest> = {}): HelpRequest {
  return {
    id: RID,
    no: 'H20260305-0001',
    status: 'submitted',
    category: 'repair',
    categoryLabel: '家电维修',
    description: '电饭煲坏了，煮不了饭',
    wantedAt: null,
    wantedNote: null,
    place: '金湾花园 3 栋 2 单元 ***',
    lat: null,
    lng: null,
    distanceM: null,
    regionId: 'r',
    regionNames: ['青樵镇', '上金湾社区', '金湾花园小区', '第一网格'],
    requesterName: '关玉珍',
    requesterPhone: '138****0007',
    channel: 'phone',
    filedByName: '关玉珍',
    pool: null,
    poolRegionName: null,
    team: null,
    assignee: null,
    claimant: null,
    acceptDueAt: '2026-03-05T04:00:00Z',
    claimDueAt: null,
    completeDueAt: null,
    overdue: false,
    refusedReason: null,
    duplicateOfId: null,
    checkedInAt: null,
    doneAt: null,
    doneNote: null,
    minutes: null,
    reviewStars: null,
    reviewWords: null,
    reviewBy: null,
    attachments: [],
    createdAt: '2026-03-05T02:00:00Z',
    updatedAt: '2026-03-05T02:00:00Z',
    actions: ['cancel'],
    ...over,
  };
}

const detailOf = (r: HelpRequest): HelpRequestDetail => ({
  request: r,
  timeline: [{ id: 'e1', action: 'submit', fromStatus: null, toStatus: 'submitted', at: r.createdAt, actorName: '关玉珍', reason: null }],
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A stand-in for the browser's EventSource: the test sends the server's events. */
class FakeEventSource extends EventTarget {
  static CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  close(): void {
    this.readyState = 2;
  }
  send(type: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

const stub: Component = { template: '<div />' };
const mounted: Array<ReturnType<typeof mount>> = [];

async function mountAt(view: Component, path: string): Promise<{ wrapper: ReturnType<typeof mount>; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  useInboxStore().connect();
  const router = createRouter({
    history: createMemoryHistory('/m/'),
    routes: [
      { path: '/help/new', component: stub },
      { path: '/help/:id', component: stub },
      { path: '/:p(.*)*', component: stub },
    ],
  });
  await router.push(path);
  const wrapper = mount(view, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  mounted.push(wrapper);
  await flushPromises();
  return { wrapper, router };
}

function serve(fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>, routes: Record<string, (init?: RequestInit) => Response>): void {
  fetch.mockImplementation(async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${String(input).split('?')[0]}`;
    const answer = routes[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer(init);
  });
}

const calls = (fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>) =>
  fetch.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`);
const bodyOf = (fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>, call: string) => {
  const found = fetch.mock.calls.find(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}` === call);
  return found ? JSON.parse(String(found[1]?.body)) : undefined;
};

describe('求助 pages', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeAll(() => loadHelpMessages());
  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    // Unmount the pages; the rest of the body stays, for Vant's one toast and dialog, made once and reused.
    while (mounted.length) mounted.pop()!.unmount();
  });

  it('shows the request, its status and exactly the buttons the server allows; updates live on a change', async () => {
    let current = request();
    serve(fetch, { [`GET /api/help-requests/${RID}`]: () => json(detailOf(current)) });
    const { wrapper } = await mountAt(DetailView, `/help/${RID}`);
    expect(wrapper.get('[data-testid="help-status"]').text()).toBe('待受理');
    expect(wrapper.get('[data-testid="help-description"]').text()).toBe('电饭煲坏了，煮不了饭');
    expect(wrapper.get('[data-testid="help-facts"]').text()).toContain('尽快');
    expect(wrapper.get('[data-testid="help-timeline"]').text()).toContain('提交求助');
    expect(wrapper.findAll('[data-testid^="help-action-"]').map((b) => b.attributes('data-testid'))).toEqual(['help-action-cancel']);

    // A volunteer claims it elsewhere: the page hears of it and fetches it again, no reload.
    current = request({ status: 'claimed', claimant: { id: 'v', name: '黄小敏' }, actions: [] });
    FakeEventSource.last!.send('change', { topic: 'help_request', id: 'another', status: 'open' });
    FakeEventSource.last!.send('change', { topic: 'help_request', id: RID, status: 'claimed' });
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(calls(fetch).filter((c) => c === `GET /api/help-requests/${RID}`)).toHaveLength(2);
    expect(wrapper.get('[data-testid="help-status"]').text()).toBe('已接单');
    expect(wrapper.get('[data-testid="help-facts"]').text()).toContain('黄小敏');
    expect(wrapper.find('[data-testid^="help-action-"]').exists()).toBe(false);
  });

  it('cancels after asking, with an optional reason', async () => {
    serve(fetch, {
      [`GET /api/help-requests/${RID}`]: () => json(detailOf(request())),
      [`POST /api/help-requests/${RID}/cancel`]: () => json(detailOf(request({ status: 'cancelled', actions: [] }))),
    });
    const { wrapper } = await mountAt(DetailView, `/help/${RID}`);
    await wrapper.get('[data-testid="help-action-cancel"]').trigger('click');
    await flushPromises();
    const sheet = document.querySelector('[data-testid="help-action-sheet"]') as HTMLFormElement;
    expect(sheet.textContent).toContain('取消后');
    sheet.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(bodyOf(fetch, `POST /api/help-requests/${RID}/cancel`)).toEqual({ reason: null });
    expect(wrapper.get('[data-testid="help-status"]').text()).toBe('已取消');
  });

  it('a reason is required where the server needs one', async () => {
    serve(fetch, {
      [`GET /api/help-requests/${RID}`]: () => json(detailOf(request({ status: 'claimed', actions: ['check_in', 'release'] }))),
      [`POST /api/help-requests/${RID}/release`]: () => json(detailOf(request({ status: 'open', actions: ['claim'] }))),
    });
    const { wrapper } = await mountAt(DetailView, `/help/${RID}`);
    expect(wrapper.findAll('[data-testid^="help-action-"]').map((b) => b.attributes('data-testid'))).toEqual([
      'help-action-check_in',
      'help-action-release',
    ]);
    await wrapper.get('[data-testid="help-action-release"]').trigger('click');
    await flushPromises();
    const sheet = document.querySelector('[data-testid="help-action-sheet"]') as HTMLFormElement;
    sheet.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(sheet.textContent).toContain('请填写原因');
    expect(calls(fetch)).not.toContain(`POST /api/help-requests/${RID}/release`);
    const reason = sheet.querySelector('textarea')!;
    reason.value = '临时有事';
    reason.dispatchEvent(new Event('input'));
    sheet.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(bodyOf(fetch, `POST /api/help-requests/${RID}/release`)).toEqual({ reason: '临时有事' });
    expect(wrapper.get('[data-testid="help-status"]').text()).toBe('抢单中');
  });

  it('checks in with the position when the phone gives one', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      geolocation: {
        getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 22.5, longitude: 113.1 } } as GeolocationPosition),
      },
    });
    serve(fetch, {
      [`GET /api/help-requests/${RID}`]: () => json(detailOf(request({ status: 'claimed', actions: ['check_in'] }))),
      [`POST /api/help-requests/${RID}/check-in`]: () => json(detailOf(request({ status: 'in_service', actions: ['finish'] }))),
    });
    const { wrapper } = await mountAt(DetailView, `/help/${RID}`);
    await wrapper.get('[data-testid="help-action-check_in"]').trigger('click');
    await flushPromises();
    expect(bodyOf(fetch, `POST /api/help-requests/${RID}/check-in`)).toEqual({ lat: 22.5, lng: 113.1 });
    expect(wrapper.get('[data-testid="help-status"]').text()).toBe('服务中');
  });

  it('claim hall: nearest first with distances; someone quicker gets the server’s words and a fresh list', async () => {
    vi.stubGlobal('navigator', { ...navigator, geolocation: undefined });
    let items = [request({ status: 'open', distanceM: null, actions: ['claim'] })];
    serve(fetch, {
      'GET /api/help-requests/pool': () => json({ items, total: items.length }),
      [`POST /api/help-requests/${RID}/claim`]: () => {
        items = [];
        return json({ code: 'HELP_ALREADY_CLAIMED', message: '手慢了，该求助已被其他志愿者接单' }, 409);
      },
    });
    const { wrapper } = await mountAt(PoolView, '/help/pool');
    expect(calls(fetch)).toContain('GET /api/help-requests/pool');
    expect(wrapper.find('[data-testid="help-pool-no-location"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="help-pool-item"]').text()).toContain('上金湾社区 › 金湾花园小区 › 第一网格');
    await wrapper.get('[data-testid="help-claim"]').trigger('click');
    await flushPromises();
    expect(document.body.textContent).toContain('手慢了');
    expect(calls(fetch).filter((c) => c.startsWith('GET /api/help-requests/pool'))).toHaveLength(2);
    expect(wrapper.find('[data-testid="help-pool-item"]').exists()).toBe(false);
  });

  it('asks for help in a few taps and opens the new request', async () => {
    serve(fetch, {
      'GET /api/help-categories': () =>
        json({
          items: [
            { code: 'errand', label: '代买代办' },
            { code: 'repair', label: '家电维修' },
          ],
        }),
      'POST /api/help-requests': () => json(detailOf(request()), 201),
    });
    const { wrapper, router } = await mountAt(NewView, '/help/new');
    await wrapper.get('[data-testid="help-new-submit"]').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('请选择需要哪方面的帮助');
    expect(calls(fetch)).not.toContain('POST /api/help-requests');

    await wrapper.get('[data-code="repair"]').trigger('click');
    await wrapper.get('[data-testid="help-new-text"] textarea').setValue('电饭煲坏了');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(bodyOf(fetch, 'POST /api/help-requests')).toEqual({
      category: 'repair',
      description: '电饭煲坏了',
      wantedAt: null,
      wantedNote: null,
    });
    expect(router.currentRoute.value.path).toBe(`/help/${RID}`);
  });

  it('我的求助 lists my requests by tab and refreshes on a change', async () => {
    serve(fetch, { 'GET /api/help-requests/mine': () => json({ items: [request({ overdue: true })], total: 1 }) });
    const { wrapper } = await mountAt(MineView, '/help/mine');
    expect(calls(fetch)).toEqual(['GET /api/help-requests/mine?state=active']);
    const card = wrapper.get('[data-testid="help-card"]');
    expect(card.text()).toContain('家电维修');
    expect(card.get('[data-testid="help-card-status"]').text()).toBe('待受理');
    expect(card.find('[data-testid="help-card-overdue"]').exists()).toBe(true);
    FakeEventSource.last!.send('change', { topic: 'help_request', id: RID, status: 'accepted' });
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(calls(fetch)).toHaveLength(2);
    await wrapper.get('#help-mine-finished').trigger('click');
    await flushPromises();
    expect(calls(fetch).at(-1)).toBe('GET /api/help-requests/mine?state=finished');
  });
});
