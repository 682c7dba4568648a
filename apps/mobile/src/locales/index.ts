import { createI18n } from 'vue-i18n';
import { Locale as VantLocale } from 'vant';
import vantZhCN from 'vant/es/locale/lang/zh-CN';
import vantEnUS from 'vant/es/locale/lang/en-US';
import type { Locale } from '@tongxin/shared';
import zhCN, { type Messages } from './zh-CN';
import en from './en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages,
});

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

/** The language of every request and every screen, Vant's own texts included. */
export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  VantLocale.use(locale === 'en' ? 'en-US' : 'zh-CN', locale === 'en' ? vantEnUS : vantZhCN);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

let helpMessages: Promise<void> | null = null;

/**
 * The messages of the help-request pages, merged into both languages the first time one of those
 * pages opens (routes.ts loads them alongside the page), so the first screen stays small.
 */
export function loadHelpMessages(): Promise<void> {
  helpMessages ??= Promise.all([import('./help.zh-CN'), import('./help.en')])
    .then(([zh, english]) => {
      i18n.global.mergeLocaleMessage('zh-CN', zh.helpZhCN);
      i18n.global.mergeLocaleMessage('en', english.helpEn);
    })
    .catch((error: unknown) => {
      helpMessages = null;
      throw error;
    });
  return helpMessages;
}

let pointsMessages: Promise<void> | null = null;

/**
 * The messages of the points-bank pages (我的积分, 兑换目录, 兑换码) and the merchant's pages
 * (商家中心, 核销, 兑换项目), merged into both languages the first time one of them opens.
 */
export function loadPointsMessages(): Promise<void> {
  pointsMessages ??= Promise.all([import('./points.zh-CN'), import('./points.en')])
    .then(([zh, english]) => {
      i18n.global.mergeLocaleMessage('zh-CN', zh.pointsZhCN);
      i18n.global.mergeLocaleMessage('en', english.pointsEn);
    })
    .catch((error: unknown) => {
      pointsMessages = null;
      throw error;
    });
  return pointsMessages;
}

let partyPointsMessages: Promise<void> | null = null;

/** The messages of the party members' points pages (党员积分, 公示), merged the first time one opens. */
export function loadPartyPointsMessages(): Promise<void> {
  partyPointsMessages ??= Promise.all([import('./party-points.zh-CN'), import('./party-points.en')])
    .then(([zh, english]) => {
      i18n.global.mergeLocaleMessage('zh-CN', zh.partyPointsZhCN);
      i18n.global.mergeLocaleMessage('en', english.partyPointsEn);
    })
    .catch((error: unknown) => {
      partyPointsMessages = null;
      throw error;
    });
  return partyPointsMessages;
}
