import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Component } from 'vue';
import type { CatalogItem, Redemption } from '@tongxin/shared/schemas';
import VerifyView from './verify.vue';
import ItemsView from './items.vue';
import ItemFormView from './item-form.vue';
import { applyLocale, i18n, loadHelpMessages, loadPointsMessages } from '../../locales';

const RID = '00000000-0000-4000-8000-000000000701';
const ITEM = '00000000-0000-4000-8000-000000000601';

const redemption = (over: Partial<Redemption> = {}): Redemption => ({
  id: RID,
  itemId: ITEM,
  itemTitle: '免费理发一次',
  kind: 'service',
  merchantId: 'm',
  merchantName: '志伟爱心理发店',
  collectAt: '志伟爱心理发店',
  volunteerName: '黄小敏',
  quantity: 1,
  points: 20,
  code: '12345678',
  status: 'held',
  slot: null,
  createdAt: '2026-11-24T01:00:00Z',
  expiresAt: '2099-12-01T01:00:00Z',
  verifiedAt: null,
  verifiedBy: null,
  ...over,
});

const item = (over: Partial<CatalogItem> = {}): CatalogItem => ({
  id: ITEM,
  merchantId: 'm',
  merchantName: '志伟爱心理发店',
  kind: 'goods',
  title: '洗发水一瓶',
  description: '爱心商家捐赠。',
  price: 15,
  stock: 12,
  perPersonLimit: 1,
  validFrom: '2026-11-24',
  validUntil: '2027-05-23',
  collectAt: '志伟爱心理发店前台',
  lat: null,
  lng: null,
  distanceM: null,
  photoUrl: null,
  status: 'listed',
  moderationReason: null,
  remainingForMe: null,
  slots: [],
  createdAt: '2026-11-23T00:00:00Z',
  ...over,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

type Fetch = ReturnType<typeof vi.fn<typeof globalThis.fetch>>;
function serve(fetch: Fetch, routes: Record<string, (init?: RequestInit) => Response>): void {
  fetch.mockImplementation(async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${String(input).split('?')[0]}`;
    const answer = routes[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer(init);
  });
}
const calls = (fetch: Fetch) => fetch.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`);
const bodyOf = (fetch: Fetch, call: string) => {
  const found = fetch.mock.calls.find(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}` === call);
  return found ? JSON.parse(String(found[1]?.body)) : undefined;
};

const mounted: Array<ReturnType<typeof mount>> = [];
async function mountAt(view: Component, path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const stub = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory('/m/'),
    routes: [
      { path: '/merchant/items/:id/edit', component: stub },
      { path: '/:p(.*)*', component: stub },
    ],
  });
  await router.push(path);
  const wrapper = mount(view, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  mounted.push(wrapper);
  await flushPromises();
  return { wrapper, router };
}

describe('商家 pages', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeAll(() => Promise.all([loadPointsMessages(), loadHelpMessages()]));
  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    while (mounted.length) mounted.pop()!.unmount();
  });

  it('核销: the code from the QR link is looked up at once; 确认核销 settles it and says so big', async () => {
    serve(fetch, {
      'GET /api/merchant/redemptions/12345678': () => json(redemption()),
      'POST /api/merchant/verify': () => json(redemption({ status: 'verified', verifiedAt: '2026-11-24T02:00:00Z', verifiedBy: '潘志伟' })),
    });
    const { wrapper } = await mountAt(VerifyView, '/merchant/verify?code=12345678');
    expect((wrapper.get('[data-testid="verify-code-input"]').element as HTMLInputElement).value).toBe('12345678');
    const result = wrapper.get('[data-testid="verify-result"]');
    expect(result.text()).toContain('免费理发一次 × 1');
    expect(result.text()).toContain('黄小敏');
    expect(result.text()).toContain('20 积分');
    expect(result.get('[data-testid="verify-status"]').text()).toBe('待核销');
    await wrapper.get('[data-testid="verify-confirm"]').trigger('click');
    await flushPromises();
    expect(bodyOf(fetch, 'POST /api/merchant/verify')).toEqual({ code: '12345678' });
    expect(wrapper.get('[data-testid="verify-success"]').text()).toBe('已核销');
    expect(wrapper.get('[data-testid="verify-result"]').attributes('data-result')).toBe('verified');
    await wrapper.get('[data-testid="verify-next"]').trigger('click');
    expect((wrapper.get('[data-testid="verify-code-input"]').element as HTMLInputElement).value).toBe('');
  });

  it('核销: typed codes keep digits only; an unknown code and a used one are explained', async () => {
    serve(fetch, {
      'GET /api/merchant/redemptions/87654321': () =>
        json({ code: 'REDEMPTION_CODE_UNKNOWN', message: '兑换码不存在或不属于本商家，请核对后重试' }, 404),
      'GET /api/merchant/redemptions/12345678': () => json(redemption({ status: 'verified', verifiedAt: '2026-11-24T02:00:00Z' })),
    });
    const { wrapper } = await mountAt(VerifyView, '/merchant/verify');
    await wrapper.get('[data-testid="verify-lookup"]').trigger('click');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="verify-error"]').text()).toBe('请输入完整的 8 位兑换码');
    expect(fetch).not.toHaveBeenCalled();

    await wrapper.get('[data-testid="verify-code-input"]').setValue('8765 4321');
    expect((wrapper.get('[data-testid="verify-code-input"]').element as HTMLInputElement).value).toBe('87654321');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="verify-error"]').text()).toContain('兑换码不存在');
    expect(wrapper.find('[data-testid="verify-result"]').exists()).toBe(false);

    await wrapper.get('[data-testid="verify-code-input"]').setValue('12345678');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="verify-status"]').text()).toBe('已核销');
    expect(wrapper.get('[data-testid="verify-result"]').text()).toContain('不能重复核销');
    expect(wrapper.find('[data-testid="verify-confirm"]').exists()).toBe(false);
  });

  it('核销: someone else verified it meanwhile: the server’s words, then the code as it is now', async () => {
    let verified = false;
    serve(fetch, {
      'GET /api/merchant/redemptions/12345678': () => json(redemption(verified ? { status: 'verified' } : {})),
      'POST /api/merchant/verify': () => {
        verified = true;
        return json({ code: 'REDEMPTION_STATE', message: '该兑换码已核销、已过期或已取消' }, 409);
      },
    });
    const { wrapper } = await mountAt(VerifyView, '/merchant/verify?code=12345678');
    await wrapper.get('[data-testid="verify-confirm"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="verify-error"]').text()).toContain('该兑换码已核销');
    expect(wrapper.get('[data-testid="verify-status"]').text()).toBe('已核销');
  });

  it('核销: an account that is not a merchant is told why', async () => {
    serve(fetch, {
      'GET /api/merchant/redemptions/12345678': () =>
        json({ code: 'NOT_A_MERCHANT', message: '您的账号不属于任何爱心商家或共建单位' }, 403),
    });
    const { wrapper } = await mountAt(VerifyView, '/merchant/verify?code=12345678');
    expect(wrapper.get('[data-testid="merchant-not-merchant"]').text()).toContain('后台登记商家');
    expect(wrapper.find('[data-testid="verify-code-input"]').exists()).toBe(false);
  });

  it('我的兑换项目: status tags and the reason of a rejection', async () => {
    serve(fetch, {
      'GET /api/merchant/items': () =>
        json({ items: [item(), item({ id: 'x', title: '剪发套餐', status: 'rejected', moderationReason: '价格过低' })], total: 2 }),
    });
    const { wrapper } = await mountAt(ItemsView, '/merchant/items');
    const cards = wrapper.findAll('[data-testid="merchant-item"]');
    expect(cards.map((c) => c.get('[data-testid="merchant-item-status"]').text())).toEqual(['已上架', '未通过']);
    expect(cards[1]!.get('[data-testid="merchant-item-reason"]').text()).toBe('未通过原因：价格过低');
  });

  it('修改兑换项目: restocks, and says a new price goes back to review', async () => {
    serve(fetch, {
      [`GET /api/catalog/${ITEM}`]: () => json(item()),
      [`PATCH /api/merchant/items/${ITEM}`]: () => json(item({ status: 'pending', price: 18, stock: 17 })),
    });
    const { wrapper, router } = await mountAt(ItemFormView, `/merchant/items/${ITEM}/edit`);
    expect(wrapper.get('[data-testid="merchant-item-kind"]').text()).toBe('换实惠');
    const note = wrapper.get('[data-testid="merchant-review-note"]');
    expect(note.text()).toContain('重新审核');
    expect(note.classes()).not.toContain('note--strong');
    for (let i = 0; i < 5; i++) await wrapper.get('[data-testid="restock-plus"]').trigger('click');
    expect(wrapper.get('[data-testid="merchant-item-stock-after"]').text()).toBe('调整后 17 份');
    await wrapper.get('[data-testid="merchant-item-price"] input').setValue('18');
    expect(wrapper.get('[data-testid="merchant-review-note"]').classes()).toContain('note--strong');
    await wrapper.get('[data-testid="merchant-item-form"]').trigger('submit');
    await flushPromises();
    expect(bodyOf(fetch, `PATCH /api/merchant/items/${ITEM}`)).toEqual({ price: 18, restock: 5 });
    expect(document.body.textContent).toContain('已保存，等待重新审核');
    expect(router.currentRoute.value.path).toBe('/merchant/items');
    expect(calls(fetch)).toEqual([`GET /api/catalog/${ITEM}`, `PATCH /api/merchant/items/${ITEM}`]);
  });

  it('新增兑换项目: refuses an incomplete form, then submits it for review', async () => {
    serve(fetch, {
      'GET /api/merchant/me': () => json({ address: '上金湾社区金湾路 18 号' }),
      'POST /api/merchant/items': () => json(item({ status: 'pending' }), 201),
    });
    const { wrapper, router } = await mountAt(ItemFormView, '/merchant/items/new');
    expect((wrapper.get('[data-testid="merchant-item-collect-at"] input').element as HTMLInputElement).value).toBe(
      '上金湾社区金湾路 18 号',
    );
    await wrapper.get('[data-testid="merchant-item-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="merchant-item-title"]').text()).toContain('请填写此项');
    expect(calls(fetch)).not.toContain('POST /api/merchant/items');

    await wrapper.get('[data-testid="merchant-item-kinds"] [data-value="goods"]').trigger('click');
    await wrapper.get('[data-testid="merchant-item-title"] input').setValue('洗发水一瓶');
    await wrapper.get('[data-testid="merchant-item-price"] input').setValue('15');
    await wrapper.get('[data-testid="merchant-item-stock"] input').setValue('12');
    await wrapper.get('[data-testid="merchant-item-form"]').trigger('submit');
    await flushPromises();
    expect(bodyOf(fetch, 'POST /api/merchant/items')).toMatchObject({
      kind: 'goods',
      title: '洗发水一瓶',
      price: 15,
      stock: 12,
      perPersonLimit: 1,
      collectAt: '上金湾社区金湾路 18 号',
    });
    expect(document.body.textContent).toContain('已提交，等待审核');
    expect(router.currentRoute.value.path).toBe('/merchant/items');
  });
});
