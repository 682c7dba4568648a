import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';
import { peopleZhCN } from './people.zh-CN';
import { peopleEn } from './people.en';
import { activitiesZhCN } from './activities.zh-CN';
import { activitiesEn } from './activities.en';
import { helpZhCN } from './help.zh-CN';
import { helpEn } from './help.en';
import { pointsZhCN } from './points.zh-CN';
import { pointsEn } from './points.en';
import { partyPointsZhCN } from './party-points.zh-CN';
import { partyPointsEn } from './party-points.en';
import {
  applyLocale,
  currentLocale,
  i18n,
  loadActivityMessages,
  loadHelpMessages,
  loadPartyPointsMessages,
  loadPeopleMessages,
  loadPointsMessages,
  roleLabel,
} from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locales', () => {
  it('have the same keys in both languages', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('compile every message (no stray @ or | in the text)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(zhCN)) expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
    }
  });

  it("load the people pages' messages in both languages, the same keys in each, none clashing with the main ones", async () => {
    expect(keys(peopleEn).sort()).toEqual(keys(peopleZhCN).sort());
    const main = new Set(Object.keys(zhCN));
    expect(Object.keys(peopleZhCN).filter((k) => main.has(k))).toEqual([]);
    await loadPeopleMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(peopleZhCN)) expect(i18n.global.te(key, locale), key).toBe(true);
      for (const key of keys(peopleZhCN)) expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
    }
    expect(i18n.global.t('people.revealNotice')).toBe('查看明文将记入审计日志');
  });

  it("load the activity pages' messages in both languages, the same keys in each, none clashing", async () => {
    expect(keys(activitiesEn).sort()).toEqual(keys(activitiesZhCN).sort());
    const taken = new Set([...Object.keys(zhCN), ...Object.keys(peopleZhCN)]);
    expect(Object.keys(activitiesZhCN).filter((k) => taken.has(k))).toEqual([]);
    await loadActivityMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(activitiesZhCN)) expect(i18n.global.te(key, locale), key).toBe(true);
      for (const key of keys(activitiesZhCN)) expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
    }
    expect(i18n.global.t('hours.confirmed', { n: 3 })).toBe('已确认 3 条服务记录');
  });

  it("load the help pages' messages in both languages, the same keys in each, none clashing", async () => {
    expect(keys(helpEn).sort()).toEqual(keys(helpZhCN).sort());
    const taken = new Set([...Object.keys(zhCN), ...Object.keys(peopleZhCN), ...Object.keys(activitiesZhCN)]);
    expect(Object.keys(helpZhCN).filter((k) => taken.has(k))).toEqual([]);
    await loadHelpMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(helpZhCN)) expect(i18n.global.te(key, locale), key).toBe(true);
      for (const key of keys(helpZhCN)) expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
    }
    expect(i18n.global.t('help.units.working_hours', { n: 2 })).toBe('2 工作小时');
  });

  it("load the points pages' messages in both languages, the same keys in each, none clashing", async () => {
    expect(keys(pointsEn).sort()).toEqual(keys(pointsZhCN).sort());
    const taken = new Set([...Object.keys(zhCN), ...Object.keys(peopleZhCN), ...Object.keys(activitiesZhCN), ...Object.keys(helpZhCN)]);
    expect(Object.keys(pointsZhCN).filter((k) => taken.has(k))).toEqual([]);
    await loadPointsMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(pointsZhCN)) expect(i18n.global.te(key, locale), key).toBe(true);
      for (const key of keys(pointsZhCN)) expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
    }
    expect(i18n.global.t('points.adjust.willNeedApproval', { n: 200 })).toBe(
      '超过 200 分：提交后须由另一位管理员在「积分审批」中通过才入账。',
    );
  });

  it("load the party points pages' messages in both languages, the same keys in each, none clashing", async () => {
    expect(keys(partyPointsEn).sort()).toEqual(keys(partyPointsZhCN).sort());
    const taken = new Set([
      ...Object.keys(zhCN),
      ...Object.keys(peopleZhCN),
      ...Object.keys(activitiesZhCN),
      ...Object.keys(helpZhCN),
      ...Object.keys(pointsZhCN),
    ]);
    expect(Object.keys(partyPointsZhCN).filter((k) => taken.has(k))).toEqual([]);
    await loadPartyPointsMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(partyPointsZhCN)) expect(i18n.global.te(key, locale), key).toBe(true);
      for (const key of keys(partyPointsZhCN)) expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
    }
    expect(i18n.global.t('partyPoints.sources.volunteer_hours')).toBe('志愿服务时长自动计');
  });

  it('switch <html lang> with the UI language, Chinese by default', () => {
    expect(currentLocale()).toBe('zh-CN');
    applyLocale('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.global.t('menu.regions')).toBe('Regions');
    expect(roleLabel('town_admin')).toBe('Town admin');
    applyLocale('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(roleLabel('town_admin')).toBe('镇（街道）管理员');
  });
});
