import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN';
import { helpZhCN } from './help.zh-CN';
import { helpEn } from './help.en';
import { i18n, loadHelpMessages } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('help messages', () => {
  it('have the same keys in both languages, none clashing with the main ones', () => {
    expect(keys(helpEn).sort()).toEqual(keys(helpZhCN).sort());
    expect(Object.keys(helpZhCN).filter((k) => k in zhCN)).toEqual([]);
  });

  it('load into both languages and compile', async () => {
    expect(i18n.global.te('help.newTitle', 'zh-CN')).toBe(false);
    await loadHelpMessages();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(helpZhCN)) {
        expect(i18n.global.te(key, locale), key).toBe(true);
        expect(() => i18n.global.t(key, {}, { locale })).not.toThrow();
      }
    }
    expect(i18n.global.t('help.onBehalfOf', { name: '关玉珍' }, { locale: 'zh-CN' })).toBe('代为求助：关玉珍');
  });
});
