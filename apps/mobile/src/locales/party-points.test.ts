import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN';
import { partyPointsZhCN } from './party-points.zh-CN';
import { partyPointsEn } from './party-points.en';
import { i18n, loadPartyPointsMessages } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('party points messages', () => {
  it('have the same keys in both languages, none clashing with the main ones', () => {
    expect(keys(partyPointsEn).sort()).toEqual(keys(partyPointsZhCN).sort());
    expect(Object.keys(partyPointsZhCN).filter((k) => k in zhCN)).toEqual([]);
  });

  it('load into both languages and compile', async () => {
    expect(i18n.global.te('partyPoints.title', 'zh-CN')).toBe(false);
    await loadPartyPointsMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(partyPointsZhCN)) {
        expect(i18n.global.te(key, locale), key).toBe(true);
        expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
      }
    }
    expect(i18n.global.t('partyPoints.rankValue', { n: 2 }, { locale: 'zh-CN' })).toBe('第 2 名');
    expect(i18n.global.t('partyPoints.points', { n: 1 }, { locale: 'en', plural: 1 })).toBe('1 pt');
    expect(i18n.global.t('partyPoints.points', { n: 0 }, { locale: 'en', plural: 0 })).toBe('0 pts');
    expect(i18n.global.t('partyPoints.points', { n: 3 }, { locale: 'zh-CN', plural: 3 })).toBe('3 分');
    expect(i18n.global.t('partyPoints.how3', {}, { locale: 'zh-CN' })).toContain('min(1, 项目得分 ÷ 年度上限)');
  });
});
