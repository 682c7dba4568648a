import { describe, expect, it } from 'vitest';
import type { ServiceRecord } from '@tongxin/shared/schemas';
import {
  awardBody,
  canConfirm,
  confirmBatches,
  durationText,
  emptyHoursFilters,
  emptyRecordEntry,
  evaluationBody,
  hoursQuery,
  isAdjusted,
  joinMinutes,
  occurrenceFromQuery,
  splitMinutes,
  trainingBody,
} from './data';

const OCC_A = '0195f1a2-0000-7000-8000-00000000000a';
const OCC_B = '0195f1a2-0000-7000-8000-00000000000b';
const rec = (id: string, occurrenceId: string | null, minutes: number, status: ServiceRecord['status'] = 'pending') =>
  ({ id, occurrenceId, minutes, measuredMinutes: minutes, status }) as ServiceRecord;

describe('minutes as hours and minutes', () => {
  it('splits, joins within a day, and reads in the UI language', () => {
    expect(splitMinutes(150)).toEqual({ hours: 2, minutes: 30 });
    expect(splitMinutes(45)).toEqual({ hours: 0, minutes: 45 });
    expect(joinMinutes(2, 30)).toBe(150);
    expect(joinMinutes(undefined, 5)).toBe(5);
    expect(joinMinutes(30, 0)).toBe(1440);
    expect(joinMinutes(-1, 0)).toBe(0);
    expect(durationText(150, 'zh-CN')).toBe('2 小时 30 分');
    expect(durationText(120, 'zh-CN')).toBe('2 小时');
    expect(durationText(45, 'en')).toBe('45 min');
    expect(durationText(0, 'zh-CN')).toBe('0 分');
  });
});

describe('hours queue', () => {
  it('asks for the pending records with the filters set', () => {
    expect(hoursQuery(emptyHoursFilters())).toEqual({
      status: 'pending',
      regionId: undefined,
      occurrenceId: undefined,
      overdue: undefined,
    });
    expect(hoursQuery({ regionId: 'r', overdue: true, occurrenceId: OCC_A })).toEqual({
      status: 'pending',
      regionId: 'r',
      occurrenceId: OCC_A,
      overdue: true,
    });
    expect(occurrenceFromQuery(OCC_A)).toBe(OCC_A);
    expect(occurrenceFromQuery([OCC_B])).toBe(OCC_B);
    expect(occurrenceFromQuery('nope')).toBe('');
    expect(occurrenceFromQuery(undefined)).toBe('');
  });

  it('sends one request per occurrence with the minutes as edited', () => {
    const rows = [
      rec('r1', OCC_A, 120),
      rec('r2', OCC_B, 90),
      rec('r3', OCC_A, 60),
      rec('r4', null, 30),
      rec('r5', OCC_A, 10, 'confirmed'),
    ];
    expect(confirmBatches(rows, { r1: 100, r2: 2000 })).toEqual([
      {
        occurrenceId: OCC_A,
        body: {
          items: [
            { recordId: 'r1', minutes: 100 },
            { recordId: 'r3', minutes: 60 },
          ],
        },
      },
      { occurrenceId: OCC_B, body: { items: [{ recordId: 'r2', minutes: 1440 }] } },
    ]);
    expect(confirmBatches([rec('r4', null, 30)], {})).toEqual([]);
    expect(canConfirm(rec('r4', null, 30))).toBe(false);
    expect(canConfirm(rec('r5', OCC_A, 10, 'confirmed'))).toBe(false);
    expect(isAdjusted(rec('r1', OCC_A, 120), { r1: 100 })).toBe(true);
    expect(isAdjusted(rec('r1', OCC_A, 120), { r1: 120 })).toBe(false);
    expect(isAdjusted(rec('r1', OCC_A, 120), {})).toBe(false);
  });
});

describe('volunteer record entries', () => {
  it('turns the small forms into the API bodies', () => {
    const f = { ...emptyRecordEntry('2026-03-07'), name: ' 急救培训 ', organiser: ' 镇卫生院 ', hours: 1, minutes: 30, content: ' ' };
    expect(trainingBody(f)).toEqual({ name: '急救培训', content: null, minutes: 90, organiser: '镇卫生院', heldOn: '2026-03-07' });
    expect(awardBody({ ...f, name: '优秀志愿者' })).toEqual({ name: '优秀志愿者', awardedOn: '2026-03-07', awardedBy: '镇卫生院' });
    expect(evaluationBody({ ...f, comment: ' 认真负责 ', stars: 0 })).toEqual({
      stars: null,
      comment: '认真负责',
      evaluatedOn: '2026-03-07',
      evaluator: '镇卫生院',
    });
    expect(evaluationBody({ ...f, comment: '好', stars: 5 }).stars).toBe(5);
  });
});
