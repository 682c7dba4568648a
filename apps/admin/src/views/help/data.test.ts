import { describe, expect, it } from 'vitest';
import { HELP_STATUSES } from '@tongxin/shared';
import type { HelpCategory, HelpRequest } from '@tongxin/shared/schemas';
import { helpListSearch } from '../../api/help';
import {
  HELP_TABS,
  TAB_STATUSES,
  categoryPatch,
  categoryProblems,
  categoryToRow,
  confirmBody,
  consoleActions,
  currentDeadline,
  dispatchBody,
  dispatchProblem,
  emptyDispatchForm,
  emptyHelpFilters,
  groupOf,
  helpQuery,
  holderText,
  idFromQuery,
  markerStyle,
  maskPhone,
  measuredMinutes,
  reasonRequired,
  regionShort,
  regionText,
  requestOption,
  reviewBody,
  reviewQuery,
  spreadOverlaps,
  statusColour,
  tabCounts,
  tabFromQuery,
  volunteerOption,
} from './data';

const request = (extra: Partial<HelpRequest> = {}): HelpRequest => ({
  id: 'h1',
  no: 'H20260302-0001',
  status: 'submitted',
  category: 'errand',
  categoryLabel: '代买代办',
  description: '帮忙买一袋米送上楼',
  wantedAt: null,
  wantedNote: null,
  place: '上金湾路 12 号 3 栋 401',
  lat: 22.2,
  lng: 113.3,
  distanceM: null,
  regionId: 'g1',
  regionNames: ['青樵镇', '上金湾社区', '第一网格'],
  requesterName: '关玉珍',
  requesterPhone: '138****0007',
  channel: 'phone',
  filedByName: '关玉珍',
  pool: null,
  poolRegionName: null,
  team: null,
  assignee: null,
  claimant: null,
  acceptDueAt: '2026-03-02T03:00:00.000Z',
  claimDueAt: '2026-03-02T07:00:00.000Z',
  completeDueAt: '2026-03-03T07:00:00.000Z',
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
  createdAt: '2026-03-02T01:00:00.000Z',
  updatedAt: '2026-03-02T01:00:00.000Z',
  actions: [],
  ...extra,
});

const category: HelpCategory = {
  code: 'errand',
  label: '代买代办',
  accept: { amount: 2, unit: 'working_hours' },
  claim: { amount: 4, unit: 'working_hours' },
  complete: { amount: 1, unit: 'working_days' },
  widenMinutes: 60,
  partyFirstMinutes: 10,
};

describe('status groups', () => {
  it('puts every status under exactly one tab', () => {
    const all = Object.values(TAB_STATUSES).flat();
    expect([...all].sort()).toEqual([...HELP_STATUSES].sort());
    expect(groupOf('open')).toBe('dispatched');
    expect(groupOf('assigned')).toBe('dispatched');
    expect(groupOf('in_service')).toBe('serving');
    expect(groupOf('reviewed')).toBe('reviewing');
    expect(groupOf('duplicate')).toBe('other');
    expect(HELP_TABS[0]).toBe('all');
  });

  it('adds up the summary into the tab counts', () => {
    const counts = tabCounts({
      submitted: 2,
      accepted: 1,
      open: 3,
      assigned: 1,
      claimed: 1,
      done: 2,
      reviewed: 1,
      closed: 5,
      refused: 1,
      cancelled: 2,
    });
    expect(counts).toEqual({ all: 19, submitted: 2, accepted: 1, dispatched: 4, serving: 1, reviewing: 3, closed: 5, other: 3 });
    expect(tabCounts(null).all).toBe(0);
  });

  it('colours a status by its group, with a red ring when overdue', () => {
    expect(statusColour('open')).toBe(statusColour('assigned'));
    expect(statusColour('open')).not.toBe(statusColour('submitted'));
    expect(markerStyle('open', true)).toMatchObject({ color: '#b91c1c', weight: 3, fillColor: statusColour('open') });
    expect(markerStyle('open', false)).toMatchObject({ color: '#ffffff', weight: 2 });
  });
});

describe('map markers', () => {
  it('sets requests at the same spot around it, and leaves lone ones where they are', () => {
    const out = spreadOverlaps([
      { id: 'a', lat: 22.2, lng: 113.3 },
      { id: 'b', lat: 22.2, lng: 113.3 },
      { id: 'c', lat: 22.3, lng: 113.4 },
    ]);
    expect(out[2]).toMatchObject({ atLat: 22.3, atLng: 113.4 });
    expect([out[0]!.atLat, out[0]!.atLng]).not.toEqual([out[1]!.atLat, out[1]!.atLng]);
    // Within a few tens of metres of the real place.
    for (const p of out.slice(0, 2)) {
      expect(Math.abs(p.atLat - 22.2) * 111_320).toBeLessThanOrEqual(14.001);
      expect(Math.abs(p.atLng - 113.3) * 111_320 * Math.cos((22.2 * Math.PI) / 180)).toBeLessThanOrEqual(14.001);
    }
    expect(out[0]).toMatchObject({ id: 'a', lat: 22.2, lng: 113.3 });
  });
});

describe('board filters', () => {
  it('maps the filters to the list query, leaving out what is empty', () => {
    expect(helpQuery(emptyHelpFilters())).toEqual({
      status: undefined,
      regionId: undefined,
      category: undefined,
      overdue: undefined,
      q: undefined,
    });
    expect(helpQuery({ tab: 'dispatched', regionId: 'c1', category: 'repair', overdue: true, q: ' H2026 ' })).toEqual({
      status: ['assigned', 'open'],
      regionId: 'c1',
      category: 'repair',
      overdue: true,
      q: 'H2026',
    });
    expect(reviewQuery('')).toEqual({ status: ['done', 'reviewed'], regionId: undefined });
  });

  it('encodes several statuses as repeated parameters', () => {
    expect(helpListSearch({ status: ['assigned', 'open'], regionId: 'c1', overdue: true, page: 2, pageSize: 20 })).toBe(
      '?status=assigned&status=open&regionId=c1&overdue=true&page=2&pageSize=20',
    );
    expect(helpListSearch({ q: '米 面', category: undefined })).toBe('?q=%E7%B1%B3+%E9%9D%A2');
    expect(helpListSearch({})).toBe('');
  });

  it('reads the tab and the request to open from the page address', () => {
    expect(tabFromQuery('serving')).toBe('serving');
    expect(tabFromQuery(['closed'])).toBe('closed');
    expect(tabFromQuery('nope')).toBe('all');
    expect(idFromQuery('0b7e9c2a-1d2f-4e5a-9b8c-7d6e5f4a3b2c')).toBe('0b7e9c2a-1d2f-4e5a-9b8c-7d6e5f4a3b2c');
    expect(idFromQuery('x')).toBe('');
  });
});

describe('a request as a row', () => {
  it('shows the region without the town', () => {
    expect(regionText(['青樵镇', '上金湾社区', '第一网格'])).toBe('上金湾社区 / 第一网格');
    expect(regionText(['青樵镇'])).toBe('青樵镇');
    expect(regionShort(['青樵镇', '上金湾社区', '金湾花园小区', '第一网格'])).toEqual({ name: '第一网格', parent: '上金湾社区' });
    expect(regionShort(['青樵镇', '上金湾社区'])).toEqual({ name: '上金湾社区', parent: '' });
  });

  it('masks a phone in lists', () => {
    expect(maskPhone('13800000007')).toBe('138****0007');
    expect(maskPhone('138****0007')).toBe('138****0007');
    expect(maskPhone(null)).toBe('');
  });

  it('shows the deadline of the step the request is in', () => {
    expect(currentDeadline(request())).toEqual({ step: 'accept', at: '2026-03-02T03:00:00.000Z' });
    expect(currentDeadline(request({ status: 'accepted' }))?.step).toBe('claim');
    expect(currentDeadline(request({ status: 'open' }))?.step).toBe('claim');
    expect(currentDeadline(request({ status: 'in_service' }))).toEqual({ step: 'complete', at: '2026-03-03T07:00:00.000Z' });
    expect(currentDeadline(request({ status: 'claimed', completeDueAt: null }))).toBeNull();
    expect(currentDeadline(request({ status: 'done' }))).toBeNull();
    expect(currentDeadline(request({ status: 'closed' }))).toBeNull();
  });

  it('says who has it: claimant, then assignee, then team, then pool', () => {
    const p = { id: 'v1', name: '黄小敏' };
    expect(holderText(request({ claimant: p, assignee: { id: 'v2', name: '罗志坚' } }), 'zh-CN')).toEqual({
      kind: 'claimant',
      text: '黄小敏',
    });
    expect(holderText(request({ assignee: { id: 'v2', name: '罗志坚' } }), 'zh-CN')).toEqual({ kind: 'assignee', text: '罗志坚' });
    expect(holderText(request({ team: { id: 't', name: '上金湾社区志愿服务队' }, pool: 'team' }), 'zh-CN')?.kind).toBe('team');
    expect(holderText(request({ pool: 'community', poolRegionName: '上金湾社区' }), 'zh-CN')).toEqual({
      kind: 'pool',
      text: '本社区 · 上金湾社区',
    });
    expect(holderText(request({ pool: 'town' }), 'en')).toEqual({ kind: 'pool', text: 'The town' });
    expect(holderText(request(), 'zh-CN')).toBeNull();
  });

  it("offers exactly the request's actions the console can take, in button order", () => {
    expect(consoleActions(['refuse', 'dispatch', 'accept', 'mark_duplicate', 'cancel'])).toEqual([
      'accept',
      'dispatch',
      'refuse',
      'mark_duplicate',
      'cancel',
    ]);
    // The volunteer's own actions are taken on the phone.
    expect(consoleActions(['claim', 'check_in', 'finish'])).toEqual([]);
    expect(consoleActions(['send_back', 'confirm'])).toEqual(['confirm', 'send_back']);
    expect(reasonRequired('refuse')).toBe(true);
    expect(reasonRequired('cancel')).toBe(false);
  });
});

describe('dispatch', () => {
  it('sends only the target that applies', () => {
    const f = emptyDispatchForm();
    expect(dispatchBody(f)).toEqual({ to: 'pool', pool: 'grid' });
    expect(dispatchBody({ ...f, to: 'volunteer', volunteerId: 'v1', teamId: 't1', reason: ' 老人行动不便 ' })).toEqual({
      to: 'volunteer',
      volunteerId: 'v1',
      reason: '老人行动不便',
    });
    expect(dispatchBody({ ...f, to: 'team', teamId: 't1', pool: 'town' })).toEqual({ to: 'team', teamId: 't1' });
    expect(dispatchBody({ ...f, pool: 'community' })).toEqual({ to: 'pool', pool: 'community' });
  });

  it('asks for the volunteer or team that was chosen', () => {
    expect(dispatchProblem(emptyDispatchForm())).toBeNull();
    expect(dispatchProblem({ ...emptyDispatchForm(), to: 'volunteer' })).toBe('help.pickVolunteer');
    expect(dispatchProblem({ ...emptyDispatchForm(), to: 'team' })).toBe('help.pickTeam');
  });

  it('labels volunteers and requests in the pickers', () => {
    expect(
      volunteerOption({ id: 'v1', name: '罗志坚', volunteerNo: 'V0002', regionPath: ['青樵镇', '上金湾社区'], partyMember: true }, '党员'),
    ).toEqual({ value: 'v1', label: '罗志坚 · V0002 · 上金湾社区 · 党员' });
    expect(volunteerOption({ id: 'v2', name: '黄小敏', volunteerNo: null, regionPath: [], partyMember: false }, '党员').label).toBe(
      '黄小敏',
    );
    expect(requestOption(request())).toEqual({ value: 'h1', label: 'H20260302-0001 · 代买代办 · 关玉珍' });
  });
});

describe('review and confirm', () => {
  it('counts the minutes from check-in to done, at most 8 hours', () => {
    expect(measuredMinutes(request({ checkedInAt: '2026-03-02T02:00:00Z', doneAt: '2026-03-02T03:15:00Z' }))).toBe(75);
    expect(measuredMinutes(request({ checkedInAt: '2026-03-02T00:00:00Z', doneAt: '2026-03-02T12:00:00Z' }))).toBe(480);
    expect(measuredMinutes(request({ checkedInAt: '2026-03-02T02:00:00Z', doneAt: '2026-03-02T02:00:10Z' }))).toBe(1);
    expect(measuredMinutes(request({ doneAt: '2026-03-02T03:15:00Z' }))).toBeNull();
    expect(measuredMinutes(request({ checkedInAt: '2026-03-02T04:00:00Z', doneAt: '2026-03-02T03:00:00Z' }))).toBeNull();
  });

  it('leaves out what was not given', () => {
    expect(confirmBody(75, ' 服务到位 ')).toEqual({ minutes: 75, note: '服务到位' });
    expect(confirmBody(null, '')).toEqual({});
    expect(reviewBody(5, '  ')).toEqual({ stars: 5 });
    expect(reviewBody(4, ' 很及时 ')).toEqual({ stars: 4, words: '很及时' });
  });
});

describe('categories', () => {
  it('patches only what changed', () => {
    const row = categoryToRow(category);
    expect(categoryPatch(row, category)).toEqual({});
    row.claim.unit = 'working_days';
    row.widenMinutes = 30;
    row.label = ' 代买代办 ';
    expect(categoryPatch(row, category)).toEqual({ claim: { amount: 4, unit: 'working_days' }, widenMinutes: 30 });
    // Editing the row leaves the saved category alone.
    expect(category.claim.unit).toBe('working_hours');
  });

  it('refuses values the server refuses', () => {
    expect(categoryProblems(categoryToRow(category))).toEqual({});
    const bad = { ...categoryToRow(category), label: ' ', widenMinutes: 2, partyFirstMinutes: 2000 };
    bad.complete = { amount: 0, unit: 'working_days' };
    expect(categoryProblems(bad)).toEqual({
      label: 'help.labelRequired',
      deadline: 'help.deadlineRange',
      widenMinutes: 'help.widenRange',
      partyFirstMinutes: 'help.partyFirstRange',
    });
  });
});
