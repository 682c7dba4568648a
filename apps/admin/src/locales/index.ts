import { createI18n } from 'vue-i18n';
import { ROLE_LABELS, type Locale, type Role } from '@tongxin/shared';
import { zhCN, type Messages } from './zh-CN';
import { en } from './en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'tx_locale';

export function isLocale(x: unknown): x is Locale {
  return x === 'zh-CN' || x === 'en';
}

/** Before login: what this browser chose last time, else Chinese (the platform's default). */
export function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  return 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switch the UI language: messages, <html lang>, and the choice remembered in this browser. */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore
  }
}

let peopleMessages: Promise<void> | null = null;

/**
 * The messages of the people-on-the-grid pages, merged into both languages the first time one of
 * those pages opens (routes.ts loads them alongside the page), so the first screen stays small.
 */
export function loadPeopleMessages(): Promise<void> {
  peopleMessages ??= Promise.all([import('./people.zh-CN'), import('./people.en')])
    .then(([zh, english]) => {
      i18n.global.mergeLocaleMessage('zh-CN', zh.peopleZhCN);
      i18n.global.mergeLocaleMessage('en', english.peopleEn);
    })
    .catch((error: unknown) => {
      peopleMessages = null;
      throw error;
    });
  return peopleMessages;
}

let activityMessages: Promise<void> | null = null;

/** The messages of the activity pages (activities, calendar, hours, the volunteer record), loaded the same way. */
export function loadActivityMessages(): Promise<void> {
  activityMessages ??= Promise.all([import('./activities.zh-CN'), import('./activities.en')])
    .then(([zh, english]) => {
      i18n.global.mergeLocaleMessage('zh-CN', zh.activitiesZhCN);
      i18n.global.mergeLocaleMessage('en', english.activitiesEn);
    })
    .catch((error: unknown) => {
      activityMessages = null;
      throw error;
    });
  return activityMessages;
}

let helpMessages: Promise<void> | null = null;

/** The messages of the help-request pages (board, review queue, categories), loaded the same way. */
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

/** The messages of the points-bank pages (rules, accounts, approvals, merchants, catalogue, redemptions), loaded the same way. */
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

/** The messages of the party members' points pages (ranking, items and weights), loaded the same way. */
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

export function roleLabel(role: Role, locale: Locale = currentLocale()): string {
  return ROLE_LABELS[role][locale === 'en' ? 'en' : 'zh'];
}
