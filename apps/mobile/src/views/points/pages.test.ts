import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { Component } from 'vue';
import type { CatalogItem, MyPoints, Redemption } from '@tongxin/shared/schemas';
import PointsView from './index.vue';
import ItemView from './item.vue';
import RedemptionView from './redemption.vue';
import StatementView from './statement.vue';
import { applyLocale, i18n, loadPointsMessages } from '../../locales';
import { useInboxStore } from '../../stores/inbox';

const ITEM = '00000000-0000-4000-8000-000000000601';
const VENUE = '00000000-0000-4000-8000-000000000602';
const RID = '00000000-0000-4000-8000-000000000701';
const SLOT = '00000000-0000-4000-8000-000000000801';

const mine = (over: Partial<MyPoints> = {}): MyPoints => ({
  account: {
    id: 'a',
    kind: 'volunteer',
    name: '黄小敏',
    ownerId: null,
    regionId: 'r',
    regionName: '第一网格',
    balance: 50,
    updatedAt: '2026-11-23T00:00:00Z',
  },
  held: 20,
  earned: 90,
  spent: 20,
  expiring: 0,
  expiringOn: null,
  serviceMinutes: 150,
  ...over,
});

const item = (over: Partial<CatalogItem> = {}): CatalogItem => ({
  id: ITEM,
  merchantId: 'm',
  merchantName: '志伟爱心理发店',
  kind: 'service',
  title: '免费理发一次',
  description: '男女剪发均可',
  price: 20,
  stock: 30,
  perPersonLimit: 2,
  validFrom: '2026-11-24',
  validUntil: '2027-05-23',
  collectAt: '志伟爱心理发店（金湾路 18 号）',
  lat: null,
  lng: null,
  distanceM: null,
  photoUrl: null,
  status: 'listed',
  moderationReason: null,
  remainingForMe: 2,
  slots: [],
  createdAt: '2026-11-23T00:00:00Z',
  ...over,
});

const redemption = (over: Partial<Redemption> = {}): Redemption => ({
  id: RID,
  itemId: ITEM,
  itemTitle: '免费理发一次',
  kind: 'service',
  merchantId: 'm',
  merchantName: '志伟爱心理发店',
  collectAt: '志伟爱心理发店（金湾路 18 号）',
  volunteerName: '黄小敏',
  quantity: 2,
  points: 40,
  code: '12345678',
  status: 'held',
  slot: null,
  createdAt: '2026-11-24T01:00:00Z',
  expiresAt: '2026-12-01T01:00:00Z',
  verifiedAt: null,
  verifiedBy: null,
  ...over,
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
      { path: '/points/catalog/:id', component: stub },
      { path: '/points/redemptions/:id', component: stub },
      { path: '/:p(.*)*', component: stub },
    ],
  });
  await router.push(path);
  const wrapper = mount(view, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  mounted.push(wrapper);
  await flushPromises();
  return { wrapper, router };
}

type Fetch = ReturnType<typeof vi.fn<typeof globalThis.fetch>>;
function serve(fetch: Fetch, routes: Record<string, (init?: RequestInit) => Response | Promise<Response>>): void {
  fetch.mockImplementation(async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${String(input).split('?')[0]}`;
    const answer = routes[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer(init);
  });
}
const calls = (fetch: Fetch) => fetch.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`);
const header = (init: RequestInit | undefined, name: string) => (init?.headers as Record<string, string> | undefined)?.[name];

describe('积分 pages', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeAll(() => loadPointsMessages());
  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    while (mounted.length) mounted.pop()!.unmount();
  });

  it('我的积分: the balance big, held, earned and spent, hours apart, and what expires', async () => {
    serve(fetch, { 'GET /api/points/me': () => json(mine({ expiring: 30, expiringOn: '2026-12-31' })) });
    const { wrapper } = await mountAt(PointsView, '/points');
    expect(wrapper.get('[data-testid="points-balance"]').text()).toBe('50');
    expect(wrapper.get('[data-testid="points-held"]').text()).toContain('20');
    expect(wrapper.get('[data-testid="points-earned"]').text()).toContain('90');
    expect(wrapper.get('[data-testid="points-spent"]').text()).toContain('20');
    expect(wrapper.get('[data-testid="points-hours"]').text()).toContain('2.5');
    expect(wrapper.get('[data-testid="points-hours"]').text()).toContain('不会减少服务时长');
    expect(wrapper.get('[data-testid="points-expiring"]').text()).toMatch(/^有 30 积分将于 (2026年)?12月31日.* 到期/);
    expect(wrapper.findAll('[data-testid^="points-link-"]').map((l) => l.attributes('data-testid'))).toEqual([
      'points-link-statement',
      'points-link-catalog',
      'points-link-redemptions',
      'points-link-rules',
    ]);
  });

  it('我的积分: someone who is not an approved volunteer is shown the way to become one', async () => {
    serve(fetch, { 'GET /api/points/me': () => json({ code: 'POINTS_NOT_VOLUNTEER', message: '只有审核通过的志愿者才有积分账户' }, 403) });
    const { wrapper } = await mountAt(PointsView, '/points');
    expect(wrapper.get('[data-testid="points-not-volunteer"]').text()).toContain('只有审核通过的志愿者才有积分账户');
    expect(wrapper.find('[data-testid="points-volunteer-link"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="points-balance"]').exists()).toBe(false);
  });

  it('积分明细: signed amounts with the balance after, and the export', async () => {
    serve(fetch, {
      'GET /api/points/me/statement': () =>
        json({
          account: mine().account,
          items: [
            {
              entryId: '2',
              txnId: 't2',
              kind: 'hold',
              amount: -20,
              balanceAfter: 50,
              memo: '兑换「免费理发一次」×1',
              at: '2026-11-24T01:00:00Z',
            },
            {
              entryId: '1',
              txnId: 't1',
              kind: 'earn',
              amount: 70,
              balanceAfter: 70,
              memo: '「长者义剪」2 小时',
              at: '2026-11-20T01:00:00Z',
            },
          ].map((l) => ({ ...l, serviceRecordId: null, redemptionId: null, reverses: null, reversedBy: null, reversible: false })),
          total: 2,
        }),
      'GET /api/points/me/statement.xlsx': () =>
        new Response(new Blob(['x']), { headers: { 'content-disposition': "attachment; filename*=UTF-8''%E7%A7%AF%E5%88%86.xlsx" } }),
    });
    const { wrapper } = await mountAt(StatementView, '/points/statement');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="statement-line"]')).toHaveLength(2));
    const lines = wrapper.findAll('[data-testid="statement-line"]');
    expect(lines[0]!.text()).toContain('兑换（冻结）');
    expect(lines[0]!.get('[data-testid="statement-amount"]').text()).toBe('\u221220');
    expect(lines[0]!.text()).toContain('余额 50');
    expect(lines[1]!.get('[data-testid="statement-amount"]').text()).toBe('+70');
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    await wrapper.get('[data-testid="statement-export"]').trigger('click');
    await flushPromises();
    expect(calls(fetch)).toContain('GET /api/points/me/statement.xlsx');
  });

  it('redeems with one Idempotency-Key per confirmation, reused when the network fails, then opens the code', async () => {
    const keys: string[] = [];
    let attempt = 0;
    serve(fetch, {
      [`GET /api/catalog/${ITEM}`]: () => json(item()),
      'GET /api/points/me': () => json(mine()),
      [`POST /api/catalog/${ITEM}/redeem`]: (init) => {
        keys.push(header(init, 'idempotency-key') ?? '');
        attempt += 1;
        if (attempt === 1) throw new TypeError('network down');
        return json(redemption(), 201);
      },
    });
    const { wrapper, router } = await mountAt(ItemView, `/points/catalog/${ITEM}`);
    expect(wrapper.get('[data-testid="item-title"]').text()).toBe('免费理发一次');
    await wrapper.get('[data-testid="quantity-plus"]').trigger('click');
    expect(wrapper.get('[data-testid="quantity-value"]').text()).toBe('2');
    expect(wrapper.get('[data-testid="quantity-plus"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="redeem-button"]').trigger('click');
    await flushPromises();
    const sheet = document.querySelector('[data-testid="redeem-sheet"]')!;
    expect(sheet.querySelector('[data-testid="redeem-total"]')!.textContent).toContain('40');
    expect(sheet.querySelector('[data-testid="redeem-after"]')!.textContent).toContain('10');

    const confirm = sheet.querySelector('[data-testid="redeem-confirm"]') as HTMLButtonElement;
    confirm.click();
    await flushPromises();
    expect(document.body.textContent).toContain('服务暂不可用');
    confirm.click();
    await flushPromises();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const body = fetch.mock.calls.find(([u, i]) => String(u).endsWith('/redeem') && i?.method === 'POST')![1]!.body;
    expect(JSON.parse(String(body))).toEqual({ quantity: 2 });
    expect(router.currentRoute.value.path).toBe(`/points/redemptions/${RID}`);
  });

  it('a refused redemption shows the server’s words and the item as it is now', async () => {
    let stock = 1;
    serve(fetch, {
      [`GET /api/catalog/${ITEM}`]: () => json(item({ stock })),
      'GET /api/points/me': () => json(mine()),
      [`POST /api/catalog/${ITEM}/redeem`]: () => {
        stock = 0;
        return json({ code: 'CATALOG_OUT_OF_STOCK', message: '库存不足，已被兑换完' }, 409);
      },
    });
    const { wrapper } = await mountAt(ItemView, `/points/catalog/${ITEM}`);
    expect(wrapper.find('[data-testid="quantity-stepper"]').exists()).toBe(false);
    await wrapper.get('[data-testid="redeem-button"]').trigger('click');
    await flushPromises();
    (document.querySelector('[data-testid="redeem-confirm"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(document.body.textContent).toContain('库存不足，已被兑换完');
    expect(calls(fetch).filter((c) => c === `GET /api/catalog/${ITEM}`)).toHaveLength(2);
    expect(wrapper.get('[data-testid="redeem-blocked"]').text()).toBe('已兑完，请看看其他项目');
    expect(wrapper.get('[data-testid="redeem-button"]').attributes('disabled')).toBeDefined();
  });

  it('venue time: a slot must be chosen, a full one cannot be', async () => {
    const slots = [
      { id: SLOT, startsAt: '2099-11-25T01:00:00.000Z', endsAt: '2099-11-25T03:00:00.000Z', capacity: 1, taken: 0 },
      { id: 'full', startsAt: '2099-11-25T06:30:00.000Z', endsAt: '2099-11-25T08:30:00.000Z', capacity: 1, taken: 1 },
    ];
    serve(fetch, {
      [`GET /api/catalog/${VENUE}`]: () => json(item({ id: VENUE, kind: 'venue', title: '多功能活动室', price: 30, stock: 1, slots })),
      'GET /api/points/me': () => json(mine()),
      [`POST /api/catalog/${VENUE}/redeem`]: () => json(redemption({ id: RID }), 201),
    });
    const { wrapper } = await mountAt(ItemView, `/points/catalog/${VENUE}`);
    expect(wrapper.get('[data-testid="redeem-blocked"]').text()).toBe('请先选择使用时段');
    const options = wrapper.findAll('[data-testid="slot-option"]');
    expect(options).toHaveLength(2);
    expect(options[1]!.attributes('disabled')).toBeDefined();
    expect(options[1]!.text()).toContain('已约满');
    await options[0]!.trigger('click');
    expect(options[0]!.attributes('aria-checked')).toBe('true');
    expect(wrapper.find('[data-testid="redeem-blocked"]').exists()).toBe(false);
    await wrapper.get('[data-testid="redeem-button"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="redeem-slot"]')!.textContent).toMatch(/\d\d:\d\d–\d\d:\d\d/);
    (document.querySelector('[data-testid="redeem-confirm"]') as HTMLButtonElement).click();
    await flushPromises();
    const body = fetch.mock.calls.find(([u, i]) => String(u).endsWith('/redeem') && i?.method === 'POST')![1]!.body;
    expect(JSON.parse(String(body))).toEqual({ quantity: 1, slotId: SLOT });
  });

  it('the code page shows the code spaced and its QR, and turns to 已核销 when the merchant verifies', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    let current = redemption();
    serve(fetch, { [`GET /api/redemptions/${RID}`]: () => json(current) });
    const { wrapper } = await mountAt(RedemptionView, `/points/redemptions/${RID}`);
    expect(wrapper.get('[data-testid="redemption-code"]').text()).toBe('1234 5678');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="redemption-qr"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="redemption-qr"]').attributes('src')).toMatch(/^data:image\/png;base64,/);
    expect(wrapper.get('[data-testid="redemption-status"]').text()).toBe('待核销');
    expect(wrapper.find('[data-testid="redemption-cancel"]').exists()).toBe(true);

    current = redemption({ status: 'verified', verifiedAt: '2026-11-24T02:00:00Z', verifiedBy: '潘志伟' });
    FakeEventSource.last!.send('change', { topic: 'redemption', id: 'another', status: 'verified' });
    FakeEventSource.last!.send('change', { topic: 'redemption', id: RID, status: 'verified' });
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(calls(fetch).filter((c) => c === `GET /api/redemptions/${RID}`)).toHaveLength(2);
    expect(wrapper.get('[data-testid="redemption-status"]').text()).toBe('已核销');
    expect(wrapper.get('[data-testid="redemption-verified"]').text()).toContain('商家已核销');
    expect(wrapper.find('[data-testid="redemption-qr"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="redemption-cancel"]').exists()).toBe(false);
  });

  it('cancels a held code after asking', async () => {
    serve(fetch, {
      [`GET /api/redemptions/${RID}`]: () => json(redemption()),
      [`POST /api/redemptions/${RID}/cancel`]: () => json(redemption({ status: 'cancelled' })),
    });
    const { wrapper } = await mountAt(RedemptionView, `/points/redemptions/${RID}`);
    await wrapper.get('[data-testid="redemption-cancel"]').trigger('click');
    await flushPromises();
    expect(document.body.textContent).toContain('40 积分退回您的账户');
    (document.querySelector('.van-dialog__confirm') as HTMLButtonElement).click();
    await flushPromises();
    expect(calls(fetch)).toContain(`POST /api/redemptions/${RID}/cancel`);
    expect(wrapper.get('[data-testid="redemption-status"]').text()).toBe('已取消');
    expect(wrapper.get('[data-testid="redemption-ended"]').text()).toContain('40 积分已退回');
  });
});
