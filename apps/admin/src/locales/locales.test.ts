import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';
import { applyLocale, currentLocale, i18n, roleLabel } from './index';

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
