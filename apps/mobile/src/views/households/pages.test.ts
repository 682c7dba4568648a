import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { Component } from 'vue';
import type { HouseholdContact, MyHousehold, MyHouseholdDetail } from '@tongxin/shared/schemas';
import ListView from './list.vue';
import DetailView from './detail.vue';
import ContactView from './contact.vue';
import { applyLocale, i18n } from '../../locales';
import { localDate } from './households';

const H1 = '00000000-0000-4000-8000-000000000101';
const H2 = '00000000-0000-4000-8000-000000000102';
const H3 = '00000000-0000-4000-8000-000000000103';
const today = localDate();
const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000));

function household(id: string, extra: Partial<MyHousehold> = {}): MyHousehold {
  return {
    id,
    addressMasked: '金湾花园小区****',
    building: '3栋',
    unit: '2单元',
    roomMasked: null,
    regionName: '第一网格',
    headName: '李秀英',
    residentCount: 1,
    careTags: [],
    lastContactOn: null,
    via: 'grid',
    ...extra,
  };
}

const contact = (extra: Partial<HouseholdContact> = {}): HouseholdContact => ({
  id: '00000000-0000-4000-8000-000000000201',
  householdId: H1,
  householdAddressMasked: '金湾花园小区****',
  contactedOn: daysAgo(3),
  way: 'phone',
  raised: '想申请助餐服务',
  followUp: 'open',
  loggedByName: '何晓东',
  partyMemberId: null,
  createdAt: new Date().toISOString(),
  ...extra,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const stub: Component = { template: '<div />' };

async function mountAt(view: Component, path: string): Promise<{ wrapper: ReturnType<typeof mount>; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory('/m/'),
    routes: [
      { path: '/households', name: 'households', component: stub },
      { path: '/households/:id', name: 'household', component: stub },
      { path: '/households/:id/contact', name: 'household-contact', component: stub },
      { path: '/:p(.*)*', component: stub },
    ],
  });
  await router.push(path);
  const wrapper = mount(view, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('我的网格户 pages', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('lists my grid, then my contact households, care tags first, overdue marked; the search box filters', async () => {
    fetch.mockResolvedValue(
      json({
        items: [
          household(H1, { careTags: ['独居老人'], lastContactOn: daysAgo(40), headName: '李秀英' }),
          household(H2, { lastContactOn: daysAgo(2), headName: '王建国', addressMasked: '金湾新村****' }),
          household(H3, { via: 'contact', headName: '陈美玲', lastContactOn: null }),
        ],
        partyMemberId: null,
      }),
    );
    const { wrapper } = await mountAt(ListView, '/households');
    expect(fetch.mock.calls[0]![0]).toBe('/api/me/households');
    expect(wrapper.text()).toContain('共 3 户，2 户超过 30 天未联系');

    const grid = wrapper.get('[data-testid="households-grid"]');
    const cards = grid.findAll('[data-testid="household-card"]');
    expect(cards.map((c) => c.text().includes('李秀英'))).toEqual([true, false]);
    expect(cards[0]!.text()).toContain('独居老人');
    expect(cards[0]!.text()).toContain('上次联系：40 天前');
    expect(cards[0]!.text()).toContain('该走访了');
    expect(cards[1]!.text()).toContain('上次联系：2 天前');
    expect(cards[1]!.text()).not.toContain('该走访了');
    expect(wrapper.get('[data-testid="households-contact"]').text()).toContain('从未联系');
    expect(wrapper.text()).toContain('党员联系户');

    await wrapper.get('[data-testid="households-search"]').setValue('王建');
    expect(wrapper.findAll('[data-testid="household-card"]')).toHaveLength(1);
    await wrapper.get('[data-testid="households-search"]').setValue('没有这户');
    expect(wrapper.text()).toContain('没有找到“没有这户”');
  });

  it('says so when I have no households', async () => {
    fetch.mockResolvedValue(json({ items: [], partyMemberId: null }));
    const { wrapper } = await mountAt(ListView, '/households');
    expect(wrapper.text()).toContain('暂无负责的住户');
  });

  it('shows the server’s message when the list fails', async () => {
    fetch.mockResolvedValue(json({ code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后再试' }, 500));
    const { wrapper } = await mountAt(ListView, '/households');
    expect(wrapper.text()).toContain('服务器内部错误，请稍后再试');
  });

  it('shows the residents with masked mobiles and the contact timeline, latest first', async () => {
    const detail: MyHouseholdDetail = {
      household: household(H1, { careTags: ['独居老人'], lastContactOn: daysAgo(3) }),
      residents: [
        { id: H2, name: '李秀英', sex: 'female', age: 78, relationToHead: '户主', mobileMasked: '138****5678', careTags: ['独居老人'] },
      ],
      contacts: [
        contact({ id: '00000000-0000-4000-8000-000000000202', contactedOn: daysAgo(50), way: 'visit', raised: null, followUp: 'none' }),
        contact(),
      ],
    };
    fetch.mockResolvedValue(json(detail));
    const { wrapper } = await mountAt(DetailView, `/households/${H1}`);
    expect(fetch.mock.calls[0]![0]).toBe(`/api/me/households/${H1}`);
    const facts = wrapper.get('[data-testid="household-residents"]').findAll('.fact-line__item');
    expect(facts.map((f) => f.text())).toEqual(['女', '78 岁', '手机 138****5678']);
    const entries = wrapper.get('[data-testid="household-timeline"]').findAll('li');
    expect(entries).toHaveLength(2);
    expect(entries[0]!.text()).toContain('电话联系');
    expect(entries[0]!.text()).toContain('待跟进');
    expect(entries[0]!.text()).toContain('想申请助餐服务');
    expect(entries[1]!.text()).toContain('入户走访');
    expect(wrapper.get('[data-testid="household-log-visit"]').text()).toBe('记录走访');
  });

  it('refuses a follow-up without what was raised, in Chinese, then logs the contact and goes back', async () => {
    fetch.mockResolvedValueOnce(json({ household: household(H1), residents: [], contacts: [] }));
    const { wrapper, router } = await mountAt(ContactView, `/households/${H1}/contact`);
    expect(wrapper.get('[data-testid="contact-date"] button').text()).toMatch(/（今天）$/);
    expect(wrapper.get('[data-testid="contact-way"] [aria-checked="true"]').text()).toBe('入户走访');

    await wrapper.get('[data-testid="contact-follow-up"]').trigger('click');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('需要跟进时，请写明居民反映的情况');
    expect(fetch).toHaveBeenCalledTimes(1); // only the household, no POST

    const created = contact({ contactedOn: today, way: 'phone', raised: '楼道灯坏了', followUp: 'open' });
    fetch.mockResolvedValueOnce(json(created, 201));
    const phone = wrapper
      .get('[data-testid="contact-way"]')
      .findAll('[role="radio"]')
      .find((r) => r.text() === '电话联系')!;
    await phone.trigger('click');
    await wrapper.get('[data-testid="contact-raised"] textarea').setValue('  楼道灯坏了 ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const [url, init] = fetch.mock.calls[1]!;
    expect(url).toBe(`/api/me/households/${H1}/contacts`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ contactedOn: today, way: 'phone', raised: '楼道灯坏了', needsFollowUp: true });
    expect(router.currentRoute.value.fullPath).toBe(`/households/${H1}`);
  });
});
