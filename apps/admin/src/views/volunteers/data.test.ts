import { describe, expect, it } from 'vitest';
import {
  availabilityText,
  canReview,
  categoryLabels,
  communityPath,
  emptyVolunteerFilters,
  statusFromQuery,
  volunteerQuery,
  withStatus,
} from './data';

describe('volunteer review page', () => {
  it('honours ?status= (the link of the reviewers’ notification), pending otherwise', () => {
    expect(statusFromQuery('pending')).toBe('pending');
    expect(statusFromQuery('approved')).toBe('approved');
    expect(statusFromQuery('all')).toBe('all');
    expect(statusFromQuery(['rejected', 'approved'])).toBe('rejected');
    expect(statusFromQuery('deleted')).toBe('pending');
    expect(statusFromQuery(undefined)).toBe('pending');
  });

  it('turns the filters into the list query, leaving out what is not set', () => {
    expect(volunteerQuery(emptyVolunteerFilters())).toEqual({
      status: 'pending',
      regionId: undefined,
      serviceCategory: undefined,
      partyMember: undefined,
      q: undefined,
    });
    const f = { status: 'all' as const, regionId: 'r1', serviceCategory: 'elderly' as const, partyMember: 'no' as const, q: ' 张 ' };
    expect(volunteerQuery(f)).toEqual({ status: undefined, regionId: 'r1', serviceCategory: 'elderly', partyMember: false, q: '张' });
    expect(volunteerQuery({ ...f, partyMember: 'yes' }).partyMember).toBe(true);
    // The pending count keeps the other filters.
    expect(withStatus(f, 'pending')).toMatchObject({ status: 'pending', regionId: 'r1', partyMember: false });
  });

  it('labels categories and availability in the UI language', () => {
    expect(categoryLabels(['elderly', 'legal'], 'zh-CN')).toEqual(['助老服务', '法律服务']);
    expect(categoryLabels(['elderly'], 'en')).toEqual(['Elderly care']);
    expect(availabilityText(['weekend', 'holiday'], 'zh-CN')).toBe('周末、节假日');
    expect(availabilityText(['weekend', 'holiday'], 'en')).toBe('Weekends, Public holidays');
  });

  it('shows the community path without the town', () => {
    expect(communityPath({ regionPath: ['青樵镇', '上金湾社区', '第一网格'] })).toBe('上金湾社区 / 第一网格');
    expect(communityPath({ regionPath: ['青樵镇'] })).toBe('青樵镇');
  });

  it('offers review only on pending applications to those who manage volunteers', () => {
    expect(canReview({ status: 'pending' }, true)).toBe(true);
    expect(canReview({ status: 'pending' }, false)).toBe(false);
    expect(canReview({ status: 'approved' }, true)).toBe(false);
    expect(canReview(null, true)).toBe(false);
  });
});
