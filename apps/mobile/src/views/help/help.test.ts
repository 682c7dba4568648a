import { describe, expect, it } from 'vitest';
import { HELP_STATUSES, type HelpAction } from '@tongxin/shared';
import type { HelpEvent } from '@tongxin/shared/schemas';
import {
  baseType,
  categoryIcon,
  currentDue,
  defaultWantedAt,
  fitWithin,
  formatDistance,
  formatMoment,
  formatSeconds,
  fromPickerParts,
  needsReencode,
  phoneActions,
  pickVoiceType,
  shortText,
  statusLabel,
  statusTone,
  timelineNewestFirst,
  toPickerParts,
} from './help';

describe('labels', () => {
  it('names every status in both languages and gives it a tone', () => {
    for (const s of HELP_STATUSES) {
      expect(statusLabel(s, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(statusLabel(s, 'en')).toMatch(/^[A-Z]/);
      expect(['waiting', 'moving', 'review', 'closed', 'ended']).toContain(statusTone(s));
    }
    expect(statusLabel('open', 'zh-CN')).toBe('抢单中');
    expect(statusTone('submitted')).toBe('waiting');
    expect(statusTone('in_service')).toBe('moving');
    expect(statusTone('done')).toBe('review');
    expect(statusTone('closed')).toBe('closed');
    expect(statusTone('cancelled')).toBe('ended');
  });

  it('gives the default categories their own icons and others a general one', () => {
    expect(categoryIcon('repair')).toBe('setting-o');
    expect(categoryIcon('errand')).toBe('shopping-cart-o');
    expect(categoryIcon('a_town_own')).toBe('service-o');
  });
});

describe('distance', () => {
  it('says metres below a kilometre, kilometres with one decimal below ten', () => {
    expect(formatDistance(0, 'zh-CN')).toBe('0 米');
    expect(formatDistance(349.6, 'zh-CN')).toBe('350 米');
    expect(formatDistance(999, 'zh-CN')).toBe('999 米');
    expect(formatDistance(1000, 'zh-CN')).toBe('1 公里');
    expect(formatDistance(1260, 'zh-CN')).toBe('1.3 公里');
    expect(formatDistance(12_400, 'zh-CN')).toBe('12 公里');
    expect(formatDistance(350, 'en')).toBe('350 m');
    expect(formatDistance(2500, 'en')).toBe('2.5 km');
  });
});

describe('moments', () => {
  const tz = { timeZone: 'Asia/Shanghai', now: new Date('2026-03-01T00:00:00Z') };
  it('reads like a notice, the year only when it is another', () => {
    expect(formatMoment('2026-03-05T01:30:00Z', 'zh-CN', tz)).toBe('3月5日 周四 09:30');
    expect(formatMoment('2025-12-31T12:00:00Z', 'zh-CN', tz)).toBe('2025年12月31日 周三 20:00');
    expect(formatMoment('2026-03-05T01:30:00Z', 'en', tz)).toBe('Thu, Mar 5, 09:30');
    expect(formatMoment('not a date', 'zh-CN', tz)).toBe('');
  });

  it('finds the deadline of the current step', () => {
    const r = { acceptDueAt: 'a', claimDueAt: 'c', completeDueAt: 'd' };
    expect(currentDue({ ...r, status: 'submitted' })).toBe('a');
    expect(currentDue({ ...r, status: 'open' })).toBe('c');
    expect(currentDue({ ...r, status: 'assigned' })).toBe('c');
    expect(currentDue({ ...r, status: 'in_service' })).toBe('d');
    expect(currentDue({ ...r, status: 'closed' })).toBeNull();
  });

  it('orders the timeline newest first, keeping the order of events at the same moment', () => {
    const e = (id: string, at: string): HelpEvent => ({
      id,
      at,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      actorName: null,
      reason: null,
    });
    const rows = timelineNewestFirst([e('1', '2026-03-01T01:00:00Z'), e('2', '2026-03-01T02:00:00Z'), e('3', '2026-03-01T02:00:00Z')]);
    expect(rows.map((r) => r.id)).toEqual(['3', '2', '1']);
  });
});

describe('the wanted time', () => {
  it('starts at the next half hour an hour away, in daytime', () => {
    const at = (d: Date) => `${d.getDate()} ${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
    expect(at(defaultWantedAt(new Date(2026, 2, 5, 10, 0)))).toBe('5 11:00');
    expect(at(defaultWantedAt(new Date(2026, 2, 5, 10, 10)))).toBe('5 11:30');
    expect(at(defaultWantedAt(new Date(2026, 2, 5, 10, 40)))).toBe('5 12:00');
    expect(at(defaultWantedAt(new Date(2026, 2, 5, 21, 0)))).toBe('6 9:00');
    expect(at(defaultWantedAt(new Date(2026, 2, 5, 3, 0)))).toBe('5 9:00');
  });

  it('goes to the pickers and back unchanged', () => {
    const d = new Date(2026, 0, 9, 7, 45);
    const parts = toPickerParts(d);
    expect(parts).toEqual({ date: ['2026', '01', '09'], time: ['07', '45'] });
    expect(fromPickerParts(parts.date, parts.time).getTime()).toBe(d.getTime());
  });
});

describe('photos', () => {
  it('fits the long side within 1600 px, never enlarging', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(1600, 1600)).toEqual({ width: 1600, height: 1600 });
    expect(fitWithin(10_000, 3)).toEqual({ width: 1600, height: 1 });
    expect(fitWithin(0, 100)).toEqual({ width: 0, height: 0 });
    expect(fitWithin(3000, 2000, 1000)).toEqual({ width: 1000, height: 667 });
  });

  it('re-encodes big, heavy or unsupported photos only', () => {
    expect(needsReencode({ type: 'image/jpeg', size: 300_000 }, 1200, 900)).toBe(false);
    expect(needsReencode({ type: 'image/png', size: 300_000 }, 1200, 900)).toBe(false);
    expect(needsReencode({ type: 'image/jpeg', size: 300_000 }, 4032, 3024)).toBe(true);
    expect(needsReencode({ type: 'image/jpeg', size: 3_000_000 }, 1200, 900)).toBe(true);
    expect(needsReencode({ type: 'image/heic', size: 300_000 }, 1200, 900)).toBe(true);
    expect(needsReencode({ type: '', size: 300_000 }, 100, 100)).toBe(true);
  });
});

describe('voice', () => {
  it('sends the bare type and picks the first format the browser records', () => {
    expect(baseType('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(baseType('Image/JPEG')).toBe('image/jpeg');
    expect(pickVoiceType((m) => m.startsWith('audio/webm'))).toBe('audio/webm;codecs=opus');
    expect(pickVoiceType((m) => m === 'audio/mp4')).toBe('audio/mp4');
    expect(pickVoiceType(() => false)).toBeNull();
    expect(
      pickVoiceType(() => {
        throw new Error('unknown');
      }),
    ).toBeNull();
    expect(formatSeconds(7)).toBe('0:07');
    expect(formatSeconds(60)).toBe('1:00');
  });
});

describe('buttons', () => {
  it('shows the actions the server allows, in a fixed order, and says when some are for the console', () => {
    const { buttons, elsewhere } = phoneActions(['cancel', 'review', 'reopen'] as HelpAction[]);
    expect(buttons.map((b) => b.action)).toEqual(['review', 'reopen', 'cancel']);
    expect(buttons[0]).toMatchObject({ form: 'review', primary: true });
    expect(buttons[2]).toMatchObject({ form: 'optionalReason', danger: true });
    expect(elsewhere).toBe(false);
    expect(phoneActions(['mark_duplicate', 'accept'])).toMatchObject({ buttons: [{ action: 'accept', form: 'none' }], elsewhere: true });
    expect(phoneActions([])).toEqual({ buttons: [], elsewhere: false });
  });
});

describe('text', () => {
  it('shortens to whole characters', () => {
    expect(shortText('水龙头  漏水\n需要修', 60)).toBe('水龙头 漏水 需要修');
    expect(shortText('一二三四五', 3)).toBe('一二三…');
  });
});
