import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN';
import { pointsZhCN } from './points.zh-CN';
import { pointsEn } from './points.en';
import { i18n, loadPointsMessages } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('points messages', () => {
  it('have the same keys in both languages, none clashing with the main ones', () => {
    expect(keys(pointsEn).sort()).toEqual(keys(pointsZhCN).sort());
    expect(Object.keys(pointsZhCN).filter((k) => k in zhCN)).toEqual([]);
  });

  it('load into both languages and compile', async () => {
    expect(i18n.global.te('points.title', 'zh-CN')).toBe(false);
    await loadPointsMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(pointsZhCN)) {
        expect(i18n.global.te(key, locale), key).toBe(true);
        expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
      }
    }
    expect(i18n.global.t('points.expiring', { n: 20, date: '12月31日' }, { locale: 'zh-CN' })).toBe(
      '有 20 积分将于 12月31日 到期，请及时兑换',
    );
    expect(i18n.global.t('points.confirmHint', { place: '前台' }, { locale: 'zh-CN' })).toContain('「前台」');
  });
});
