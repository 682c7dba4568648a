import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type HistoryState } from 'vue-router';
import type { Component } from 'vue';
import { DEFAULT_PARTY_POINTS_ITEMS } from '@tongxin/shared';
import type { Me, MyPartyPoints, PartyPointsEntry, PartyPointsNotice, PartyPointsRow } from '@tongxin/shared/schemas';
import PartyPointsView from './index.vue';
import NoticeView from './notice.vue';
import { applyLocale, i18n, loadPartyPointsMessages } from '../../locales';
import { useSessionStore } from '../../stores/session';

const ME = '00000000-0000-4000-8000-000000000901';
const OTHER = '00000000-0000-4000-8000-000000000902';
const ORG = '00000000-0000-4000-8000-000000000911';
const NOTICE = '00000000-0000-4000-8000-000000000921';
const YEAR = new Date().getFullYear();

/** Lines the server would make from the starting rules: meeting 3 × 2, 35 hours (cut at 60), one absence. */
const lines = DEFAULT_PARTY_POINTS_ITEMS.map((it) => {
  const [quantity, raw] = ({ meeting: [3, 6], volunteer_hours: [35, 70], absence: [1, -2] } as Record<string, [number, number]>)[
    it.code
  ] ?? [0, 0];
  const capped = it.yearlyCap === null ? raw : raw >= 0 ? Math.min(raw, it.yearlyCap) : Math.max(raw, -it.yearlyCap);
  return { item: it.code, label: it.label, quantity, raw, capped };
});

const row = (over: Partial<PartyPointsRow> = {}): PartyPointsRow => ({
  memberId: ME,
  name: '黄小敏',
  orgId: ORG,
  orgName: '第一网格党小组',
  communityId: 'c',
  communityName: '上金湾社区',
  lines,
  total: 64,
  index: 21.8, // 25 × 6/40 + 20 × 60/60 − 2
  rankInBranch: 2,
  rankInCommunity: 5,
  ...over,
});

const entry = (over: Partial<PartyPointsEntry> = {}): PartyPointsEntry => ({
  id: '1',
  memberId: ME,
  item: 'meeting',
  label: '参加三会一课',
  quantity: 3,
  points: 6,
  on: `${YEAR}-06-30`,
  reason: '上半年三会一课',
  by: '陈慧敏',
  reverses: null,
  reversedBy: null,
  at: `${YEAR}-07-01T01:00:00Z`,
  ...over,
});

const mine = (over: Partial<MyPartyPoints> = {}): MyPartyPoints => ({
  member: {
    row: row(),
    entries: [
      entry({ id: '3', item: 'absence', label: '无故缺席组织生活', quantity: 1, points: -2, reason: '七月主题党日缺席' }),
      entry({ id: '2', points: -6, quantity: -3, reverses: '1', reason: '冲正：登记重复' }),
      entry({ id: '1', reversedBy: '2' }),
    ],
  },
  branch: null,
  ...over,
});

const notice = (over: Partial<PartyPointsNotice> = {}): PartyPointsNotice => ({
  id: NOTICE,
  orgId: ORG,
  orgName: '第一网格党小组',
  year: YEAR,
  publishedBy: '陈慧敏',
  publishedAt: `${YEAR}-11-20T02:00:00Z`,
  rows: [row({ memberId: OTHER, name: '罗志坚', index: 40, total: 80, rankInBranch: 1 }), row()],
  ...over,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const stub: Component = { template: '<div />' };
const mounted: Array<ReturnType<typeof mount>> = [];

async function mountAt(view: Component, path: string, state?: HistoryState) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { id: 'a', name: '黄小敏', permissions: [], grants: [] } as unknown as Me;
  const router = createRouter({
    history: createMemoryHistory('/m/'),
    routes: [
      { path: '/party-points', component: stub },
      { path: '/party-points/notices/:id', name: 'party-points-notice', component: stub },
      { path: '/:p(.*)*', component: stub },
    ],
  });
  await router.push(state ? { path, state } : path);
  const wrapper = mount(view, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  mounted.push(wrapper);
  await flushPromises();
  return { wrapper, router };
}

type Fetch = ReturnType<typeof vi.fn<typeof globalThis.fetch>>;
function serve(fetch: Fetch, routes: Record<string, (url: URL) => Response>): void {
  fetch.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://local.invalid');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const answer = routes[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer(url);
  });
}
const calls = (fetch: Fetch) => fetch.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`);

describe('党员积分 pages', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeAll(() => loadPartyPointsMessages());
  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    while (mounted.length) mounted.pop()!.unmount();
  });

  it('我的积分: the index big, total and ranks, each item with its cap and weight, deductions and entries', async () => {
    serve(fetch, {
      'GET /api/party-points/me': () => json(mine()),
      'GET /api/party-points/items': () => json({ items: DEFAULT_PARTY_POINTS_ITEMS }),
    });
    const { wrapper } = await mountAt(PartyPointsView, '/party-points');
    expect(calls(fetch).sort()).toEqual(['GET /api/party-points/items', `GET /api/party-points/me?year=${YEAR}`]);
    expect(wrapper.get('[data-testid="party-points-index"]').text()).toBe('21.8');
    expect(wrapper.get('[data-testid="party-points-total"]').text()).toContain('64 分');
    expect(wrapper.get('[data-testid="party-points-rank"]').text()).toContain('第 2 名');
    expect(wrapper.get('[data-testid="party-points-rank-community"]').text()).toContain('第 5 名');

    const shown = wrapper.findAll('[data-testid="party-points-line"]');
    expect(shown.map((l) => l.attributes('data-item'))).toEqual([
      'meeting',
      'party_day',
      'training',
      'volunteer_hours',
      'help_answered',
      'household_contact',
      'absence',
    ]);
    expect(shown[0]!.text()).toContain('3 次 × 2 分');
    expect(shown[0]!.text()).toContain('年度上限 40 分');
    expect(shown[0]!.text()).toContain('权重 25%');
    expect(shown[3]!.text()).toContain('得 70 分，封顶计 60 分');
    expect(shown[3]!.text()).toContain('自动统计');
    expect(shown[6]!.attributes('data-deduction')).toBe('true');
    expect(shown[6]!.text()).toContain('\u22122 分');
    expect(shown[6]!.text()).toContain('1 次 × \u22122 分');

    const entries = wrapper.findAll('[data-testid="party-points-entry"]');
    expect(entries.map((e) => e.attributes('data-state'))).toEqual(['normal', 'reversal', 'reversed']);
    expect(entries[2]!.text()).toContain('已冲正');
    expect(entries[2]!.text()).toContain('上半年三会一课');
    expect(entries[2]!.text()).toContain('登记人：陈慧敏');
    expect(wrapper.get('[data-testid="party-points-how"]').text()).toContain('先锋指数 = Σ 权重');
    // Not a branch secretary: no 支部排名 tab.
    expect(wrapper.findAll('[role="tab"]').map((t) => t.text())).toEqual(['我的积分', '公示']);
  });

  it('switches to the year before', async () => {
    serve(fetch, { 'GET /api/party-points/me': () => json(mine()) });
    const { wrapper, router } = await mountAt(PartyPointsView, '/party-points');
    expect(wrapper.get('[data-testid="party-points-year-next"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="party-points-year-prev"]').trigger('click');
    await flushPromises();
    expect(calls(fetch)).toContain(`GET /api/party-points/me?year=${YEAR - 1}`);
    expect(wrapper.get('[data-testid="party-points-year-value"]').text()).toBe(`${YEAR - 1} 年`);
    expect(router.currentRoute.value.query.year).toBe(String(YEAR - 1));
  });

  it('someone who is not a party member is told why, kindly', async () => {
    serve(fetch, {
      'GET /api/party-points/me': () => json({ code: 'NOT_A_PARTY_MEMBER', message: '您的账号没有关联党员信息' }, 403),
    });
    const { wrapper } = await mountAt(PartyPointsView, '/party-points');
    const box = wrapper.get('[data-testid="party-points-not-member"]');
    expect(box.text()).toContain('您的账号没有关联党员信息');
    expect(box.text()).toContain('联系所在党支部或社区');
    expect(wrapper.find('[data-testid="party-points-index"]').exists()).toBe(false);
    expect(wrapper.find('[role="tab"]').exists()).toBe(false);
  });

  it('支部排名: a branch secretary sees the whole branch, me marked', async () => {
    const branch = [row({ memberId: OTHER, name: '罗志坚', index: 40, total: 80, rankInBranch: 1 }), row()];
    serve(fetch, { 'GET /api/party-points/me': () => json(mine({ branch })) });
    const { wrapper, router } = await mountAt(PartyPointsView, '/party-points?tab=branch');
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('支部排名');
    expect(router.currentRoute.value.query.tab).toBe('branch');
    const rows = wrapper.findAll('[data-testid="party-points-branch"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('罗志坚');
    expect(rows[0]!.text()).toContain('40.0');
    expect(rows[0]!.text()).toContain('80 分');
    expect(rows[1]!.attributes('aria-current')).toBe('true');
    expect(rows[1]!.text()).toContain('我');
  });

  it('公示: the notices of my branch; a tap opens the ranking as published', async () => {
    serve(fetch, {
      'GET /api/party-points/me': () => json(mine()),
      'GET /api/party-points/notices/mine': () => json({ items: [notice()] }),
    });
    const { wrapper, router } = await mountAt(PartyPointsView, '/party-points');
    await wrapper
      .findAll('[role="tab"]')
      .find((t) => t.text() === '公示')!
      .trigger('click');
    await flushPromises();
    expect(calls(fetch)).toContain('GET /api/party-points/notices/mine');
    expect(wrapper.find('[data-testid="party-points-year"]').exists()).toBe(false);
    const item = wrapper.get('[data-testid="party-points-notice"]');
    expect(item.text()).toContain('第一网格党小组');
    expect(item.text()).toContain(`${YEAR} 年度党员先锋指数公示`);
    expect(item.text()).toContain('陈慧敏 发布');
    expect(item.text()).toContain('共 2 名党员');
    await item.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe(`/party-points/notices/${NOTICE}`);
    expect(router.options.history.state.memberId).toBe(ME);
  });

  it('公示详情: the published rows, my own marked', async () => {
    serve(fetch, { 'GET /api/party-points/notices/mine': () => json({ items: [notice()] }) });
    const { wrapper } = await mountAt(NoticeView, `/party-points/notices/${NOTICE}`, { memberId: ME });
    expect(wrapper.get('[data-testid="party-points-notice-head"]').text()).toContain('第一网格党小组');
    const rows = wrapper.findAll('[data-testid="party-points-notice-row"]');
    expect(rows.map((r) => r.text().slice(0, 4))).toEqual(['1罗志坚', '2黄小敏']);
    expect(rows.map((r) => r.attributes('aria-current'))).toEqual([undefined, 'true']);
    expect(wrapper.text()).toContain('如有异议');
  });

  it('公示详情: a notice that is not mine says so', async () => {
    serve(fetch, { 'GET /api/party-points/notices/mine': () => json({ items: [] }) });
    const { wrapper } = await mountAt(NoticeView, `/party-points/notices/${NOTICE}`);
    expect(wrapper.text()).toContain('该公示不存在');
    expect(wrapper.find('[data-testid="party-points-notice-row"]').exists()).toBe(false);
  });
});
