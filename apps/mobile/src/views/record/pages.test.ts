import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { ServiceRecord, VolunteerRecord } from '@tongxin/shared/schemas';
import RecordView from './index.vue';
import { applyLocale, i18n } from '../../locales';

const R1 = '00000000-0000-4000-8000-000000000501';
const R2 = '00000000-0000-4000-8000-000000000502';

function service(id: string, over: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    id,
    volunteerId: 'v',
    volunteerName: '黄小敏',
    volunteerNo: 'V440000202600000001',
    source: 'activity',
    occurrenceId: null,
    signupId: null,
    title: '红色星期六 · 清洁家园',
    category: 'environment',
    servedOn: '2026-11-07',
    place: '上金湾社区党群服务中心',
    content: null,
    organiser: '上金湾社区志愿服务队',
    leaderName: '周志强',
    checkedInAt: null,
    checkedOutAt: null,
    measuredMinutes: 150,
    minutes: 150,
    status: 'confirmed',
    dueOn: '2026-11-21',
    overdue: false,
    confirmedByName: '周志强',
    confirmedAt: null,
    pendingCorrection: null,
    ...over,
  };
}

const record = (over: Partial<VolunteerRecord> = {}): VolunteerRecord => ({
  volunteerId: 'v',
  volunteerNo: 'V440000202600000001',
  name: '黄小敏',
  regionPath: ['青樵镇', '上金湾社区'],
  partyMember: true,
  totalMinutes: 150,
  pendingMinutes: 90,
  activityCount: 2,
  services: [service(R1), service(R2, { title: '关爱独居老人', status: 'pending', minutes: 90, measuredMinutes: 90 })],
  trainings: [{ id: 't1', name: '志愿服务通识培训', content: null, minutes: 120, organiser: '青樵镇志愿服务总队', heldOn: '2026-03-01' }],
  awards: [],
  evaluations: [{ id: 'e1', stars: 5, comment: '认真负责', evaluatedOn: '2026-06-30', evaluator: '上金湾社区' }],
  ...over,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function mountRecord() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory('/m/'), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
  await router.push('/record');
  const wrapper = mount(RecordView, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('我的服务记录 page', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();
  let wrapper: Awaited<ReturnType<typeof mountRecord>> | null = null;

  beforeEach(() => {
    applyLocale('zh-CN');
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    wrapper?.unmount();
    wrapper = null;
  });

  it('shows the totals in hours with one decimal, each service with its state, trainings and evaluations', async () => {
    fetch.mockResolvedValue(json(record()));
    wrapper = await mountRecord();
    expect(fetch.mock.calls[0]![0]).toBe('/api/me/service-record');
    expect(wrapper.get('[data-testid="record-total-confirmed"]').text()).toBe('累计服务2.5小时');
    expect(wrapper.get('[data-testid="record-total-pending"]').text()).toBe('待确认1.5小时');
    expect(wrapper.get('[data-testid="record-total-count"]').text()).toBe('志愿服务2次');
    const rows = wrapper.findAll('[data-testid="service-row"]');
    expect(rows[0]!.get('[data-testid="service-status"]').text()).toBe('已确认');
    expect(rows[0]!.get('[data-testid="service-hours"]').text()).toBe('2.5 小时');
    expect(rows[0]!.text()).toContain('上金湾社区党群服务中心');
    expect(rows[0]!.text()).toContain('组织者：上金湾社区志愿服务队');
    expect(rows[1]!.get('[data-testid="service-status"]').text()).toBe('待确认');
    expect(wrapper.get('[data-testid="record-trainings"]').text()).toContain('志愿服务通识培训');
    expect(wrapper.get('[data-testid="record-evaluations"]').text()).toContain('5 星');
    expect(wrapper.text()).toContain('暂无表彰奖励');
  });

  it('asks for a correction in hours, sends minutes, then shows it as pending', async () => {
    fetch.mockResolvedValueOnce(json(record()));
    wrapper = await mountRecord();
    await wrapper.findAll('[data-testid="service-correct"]')[0]!.trigger('click');
    await flushPromises();
    const form = document.querySelector('.correction') as HTMLFormElement;
    expect(form.textContent).toContain('当前记录 2.5 小时');

    // The same hours as recorded: refused here, nothing sent.
    const hours = form.querySelector('[data-testid="correction-hours"] input') as HTMLInputElement;
    hours.value = '2.5';
    hours.dispatchEvent(new Event('input'));
    const reason = form.querySelector('[data-testid="correction-reason"] textarea') as HTMLTextAreaElement;
    reason.value = '提前一小时到场布置';
    reason.dispatchEvent(new Event('input'));
    form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(form.textContent).toContain('与当前记录相同，无需更正');
    expect(fetch).toHaveBeenCalledTimes(1);

    hours.value = '3.5';
    hours.dispatchEvent(new Event('input'));
    fetch.mockResolvedValueOnce(
      json(
        {
          id: 'c1',
          recordId: R1,
          volunteerId: 'v',
          volunteerName: '黄小敏',
          title: '红色星期六 · 清洁家园',
          servedOn: '2026-11-07',
          currentMinutes: 150,
          requestedMinutes: 210,
          reason: '提前一小时到场布置',
          status: 'pending',
          decisionReason: null,
          decidedByName: null,
          decidedAt: null,
          createdAt: '2026-11-08T00:00:00.000Z',
        },
        201,
      ),
    );
    form.dispatchEvent(new Event('submit'));
    await flushPromises();
    const [url, init] = fetch.mock.calls[1]!;
    expect(url).toBe(`/api/me/service-records/${R1}/correction`);
    expect(JSON.parse(String(init?.body))).toEqual({ minutes: 210, reason: '提前一小时到场布置' });
    const row = wrapper.findAll('[data-testid="service-row"]')[0]!;
    expect(row.get('[data-testid="service-correction"]').text()).toBe('更正申请处理中：申请改为 3.5 小时');
    expect(row.find('[data-testid="service-correct"]').exists()).toBe(false);
  });

  it('tells someone who is not a volunteer how to become one', async () => {
    fetch.mockResolvedValue(json({ code: 'NOT_A_VOLUNTEER', message: '请先注册成为志愿者并通过审核' }, 403));
    wrapper = await mountRecord();
    expect(wrapper.get('[data-testid="record-not-volunteer"]').text()).toContain('您还不是志愿者');
  });
});
