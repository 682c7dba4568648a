import { describe, expect, it } from 'vitest';
import type { Region } from '@tongxin/shared/schemas';
import { accountStatus, grantLabel, splitRegionPath } from './accounts/data';
import { KNOWN_ACTIONS, KNOWN_ENTITIES, actionKey, actionTone, rangeToQuery } from './audit/data';
import { en } from '../locales/en';
import { zhCN } from '../locales/zh-CN';
import { formToPreferences, preferencesToForm } from './notifications/data';
import { canAddChild, moveCandidates } from './regions/data';
import { canAddLevel, canRemoveLevel } from './town/data';

const r = (id: string, depth: number, parentId: string | null, townId = 't') => ({ id, depth, parentId, townId }) as Region;

describe('regions page rules', () => {
  it('offers "add below" until the last level', () => {
    expect(canAddChild(r('a', 2, 'p'), 4)).toBe(true);
    expect(canAddChild(r('a', 3, 'p'), 4)).toBe(false);
  });

  it('offers as new parents the other nodes one level up in the same town', () => {
    const items = [r('t', 0, null), r('c1', 1, 't'), r('c2', 1, 't'), r('s1', 2, 'c1'), r('x', 1, 'other', 'u')];
    expect(moveCandidates(items, items[3]!).map((c) => c.id)).toEqual(['c2']);
  });
});

describe('town page rules', () => {
  it('removes only unused trailing levels and keeps two', () => {
    expect(canRemoveLevel(4, 5, 3)).toBe(true);
    expect(canRemoveLevel(3, 5, 3)).toBe(false); // not the last row
    expect(canRemoveLevel(3, 4, 3)).toBe(false); // in use
    expect(canRemoveLevel(1, 2, 0)).toBe(false); // two must stay
    expect(canAddLevel(5)).toBe(true);
    expect(canAddLevel(6)).toBe(false);
  });
});

describe('accounts page helpers', () => {
  it('labels a grant as role @ path', () => {
    const g = { role: 'grid_worker' as const, regionName: '第一网格', regionPath: ['青樵镇', '上金湾社区', '第一网格'] };
    expect(grantLabel(g, 'zh-CN')).toBe('网格员 @ 青樵镇 / 上金湾社区 / 第一网格');
    expect(grantLabel({ ...g, regionPath: [] }, 'en')).toBe('Grid worker @ 第一网格');
  });

  it('tells disabled, locked and active apart', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(accountStatus({ disabled: true, lockedUntil: null }, now)).toEqual({ kind: 'disabled' });
    expect(accountStatus({ disabled: false, lockedUntil: '2026-03-01T10:15:00Z' }, now)).toEqual({
      kind: 'locked',
      until: '2026-03-01T10:15:00Z',
    });
    expect(accountStatus({ disabled: false, lockedUntil: '2026-03-01T09:00:00Z' }, now)).toEqual({ kind: 'active' });
  });

  it('splits the home region path', () => {
    expect(splitRegionPath(['青樵镇', '上金湾社区', '金湾花园小区'])).toEqual({ name: '金湾花园小区', parent: '青樵镇 / 上金湾社区' });
    expect(splitRegionPath(['青樵镇'])).toEqual({ name: '青樵镇', parent: '' });
    // A name may itself contain the separator: the path is a list, never split text.
    expect(splitRegionPath(['青樵镇', 'A / B 小区'])).toEqual({ name: 'A / B 小区', parent: '青樵镇' });
  });
});

describe('audit page helpers', () => {
  it('maps actions to message keys and tones', () => {
    expect(actionKey('account.reset_password')).toBe('audit.actions.account_reset_password');
    expect(actionTone('auth.login_failed')).toBe('warning');
    expect(actionTone('region.delete')).toBe('danger');
    expect(actionTone('personal_data.reveal')).toBe('warning');
    expect(actionTone('region.create')).toBe('success');
    expect(actionTone('region.move')).toBe('primary');
    expect(actionTone('auth.login')).toBe('info');
    expect(actionTone('volunteer.approve')).toBe('success');
    expect(actionTone('volunteer.reject')).toBe('primary');
  });

  it('labels every known action and entity in both languages', () => {
    const zhActions: Record<string, string> = zhCN.audit.actions;
    const enActions: Record<string, string> = en.audit.actions;
    for (const a of KNOWN_ACTIONS) {
      const key = actionKey(a).replace('audit.actions.', '');
      expect(zhActions[key], a).toBeTruthy();
      expect(enActions[key], a).toBeTruthy();
    }
    const zhEntities: Record<string, string> = zhCN.audit.entities;
    for (const e of KNOWN_ENTITIES) expect(zhEntities[e], e).toBeTruthy();
    expect(zhActions.volunteer_approve).toBe('志愿者审核通过');
  });

  it('sends a date range as ISO instants', () => {
    const from = new Date('2026-03-01T00:00:00Z');
    const to = new Date('2026-03-02T00:00:00Z');
    expect(rangeToQuery([from, to])).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(rangeToQuery(null)).toEqual({});
  });
});

describe('notification preferences form', () => {
  it('round-trips, and turning quiet hours off sends null', () => {
    const prefs = {
      email: { enabled: true, address: 'a@b.cn' },
      webhook: { enabled: false },
      quietHours: { start: '22:00', end: '07:00' },
    };
    expect(formToPreferences(preferencesToForm(prefs))).toEqual(prefs);
    const off = { ...preferencesToForm(prefs), quietEnabled: false, emailAddress: '  ' };
    expect(formToPreferences(off)).toEqual({ email: { enabled: true, address: null }, webhook: { enabled: false }, quietHours: null });
  });
});
